/**
 * Reverse-mode automatic differentiation over {@link org.learnedlr.tensor.Tensor} ops.
 *
 * <h2>Why a tape</h2>
 * Training needs dL/dθ for every parameter θ of a scalar loss L. Reverse mode gets all of them for about the cost of
 * one extra forward pass, by applying the chain rule from the loss backwards. To go backwards we must remember what
 * happened going forwards: each op on a {@link org.learnedlr.autograd.Var} computes its value eagerly and, when a
 * gradient could flow through it, records a node — the op, its inputs, and the few parameters its rule needs (an
 * axis, a window geometry; see {@code OpParams}). These nodes, linked through their inputs, are the tape. Ops that
 * no gradient can flow through (all inputs constant, or inside a {@link org.learnedlr.autograd.NoGrad} scope) record
 * nothing, so evaluation costs no memory beyond the values themselves.
 *
 * <h2>Why a topological sort</h2>
 * A node's gradient is complete only when every consumer of its value has contributed. Ordering the graph so that
 * each node follows its inputs, then walking that order backwards, guarantees it. The sort is an iterative
 * depth-first search with an explicit stack ({@code Backprop}): a recursive one would overflow the thread stack on
 * a chain of a few thousand ops, which an unrolled loop easily makes.
 *
 * <h2>Why accumulation</h2>
 * A value used twice (x in x * x, a weight shared across time steps, a residual connection) receives one gradient
 * per use, and the chain rule says to add them. During a backward, pending gradients are summed per node; leaf
 * parameters add theirs to {@link org.learnedlr.autograd.Var#grad()}, so gradients also add up across backward calls
 * (gradient accumulation over micro-batches) until {@link org.learnedlr.autograd.Var#zeroGrad()}. Intermediate
 * gradients are dropped as soon as their node has been processed unless
 * {@link org.learnedlr.autograd.Var#retainGrad()} asks for them, and by default the graph itself is freed after the
 * backward so that its saved values can be collected.
 *
 * <h2>Where the rules are</h2>
 * Every gradient rule is a case of one exhaustive switch over {@link org.learnedlr.tensor.Op} in {@code Rules}, with
 * no default branch: a new primitive without a rule does not compile (the JAX "one row per primitive" table, and
 * PyTorch's derivatives.yaml). The forward of each op is the {@code Var} method of the same name, and each case
 * carries the formula as a comment, so an op's forward and backward are found by the same name in two files.
 * Rules are written with {@code Tensor} methods, so every backend — CPU or OpenCL — gets them for free and no
 * backend contains backward code. Fused ops (softmax, log-softmax, layer norm, conv2d) run their fused forward and
 * have backward rules in primitives; composed ops (mean, var, min, stack, max and average pooling) need no rule of
 * their own. Ops outside the enum can be added with {@link org.learnedlr.autograd.Var#custom}.
 *
 * <h2>Checking</h2>
 * {@link org.learnedlr.autograd.GradCheck} compares every rule against central differences in double precision.
 */
package org.learnedlr.autograd;
