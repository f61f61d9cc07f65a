/**
 * Layers as {@link org.learnedlr.nn.Module}s, with PyTorch's parameter names, layouts and registration order, so
 * that a state dict moves between learnedlr and PyTorch unchanged (the tests load PyTorch's weights and compare
 * outputs and gradients). Forward passes are compositions of {@link org.learnedlr.autograd.Var} ops: no layer
 * has backward code of its own.
 *
 * <p>Deliberate differences from PyTorch, each documented on its class: GELU is the tanh form; attention rows with
 * every key masked get zero weights instead of NaN; the transformer layer applies dropout only inside its
 * feed-forward block; a TransformerEncoder's layers are initialised independently rather than as copies.
 */
package org.learnedlr.nn.layers;
