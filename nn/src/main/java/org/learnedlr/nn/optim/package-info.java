/**
 * Optimizers: SGD (momentum, dampening, Nesterov, weight decay), Adam, AdamW and Adadelta with PyTorch's semantics,
 * and gradient clipping.
 *
 * <h2>Why parameter groups hold immutable records</h2>
 * A schedule changes the learning rate (and OneCycle the momentum) between steps, and different layers may be
 * trained with different settings. Each {@link org.learnedlr.nn.optim.ParamGroup} therefore holds its parameters
 * and one validated configuration record, replaced whole: a value that passed validation once cannot be half-set,
 * and a state dict is a faithful list of the records' fields. Schedules never reach in: the training run calls
 * {@code setLr} (and {@link org.learnedlr.nn.optim.HasMomentum#setMomentum}) with what a schedule computed.
 *
 * <h2>Why the update goes through the backend</h2>
 * SGD and Adam are the inner loop of every training run. Their updates are the backend's in-place fused ops
 * ({@code Backend.sgdUpdate}, {@code Backend.adamUpdate}), whose composed default is the reference; a device
 * backend replaces them with one kernel and nothing here changes. Adadelta is rarely used and is written with
 * tensor ops.
 *
 * <h2>Why state is flat tensors and scalars</h2>
 * Checkpoints are safetensors files: named tensors plus string metadata. An
 * {@link org.learnedlr.nn.optim.OptimizerState} is exactly that shape (PyTorch's names, parameters numbered over
 * all groups), so a checkpoint stores it without a second serialisation format, and loading validates every entry
 * before anything changes.
 */
package org.learnedlr.nn.optim;
