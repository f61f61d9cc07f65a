package org.learnedlr.tensor.conformance;

/**
 * The backend conformance suite (DESIGN.md section 2): one set of tests, written against the {@link
 * org.learnedlr.tensor.Backend} interface through {@link org.learnedlr.tensor.Tensor}'s public methods, that every
 * backend must pass for each floating dtype it supports. A backend's test subclasses this and supplies
 * {@link #backend()}; it may relax {@link #tolerance(org.learnedlr.tensor.DType)} and
 * {@link #tolerance(org.learnedlr.tensor.DType, long)}, and must say why.
 *
 * <p>The oracle is {@link Reference}, a naive double-precision implementation (EJML for matrix products), and, for
 * fused kernels, the composed defaults of the Backend interface ({@link ComposedBackend}). Every op runs on every
 * {@link Layout} (contiguous, narrowed with an offset, permuted, expanded with stride 0), on odd, size-1, empty and
 * 0-d shapes.
 *
 * <p>The tests live in a chain of abstract classes, one concern each, so that no file grows past a few hundred
 * lines; read them in this order:
 * <ol>
 *   <li>{@link ConformanceBase}: the backend, the tolerances (all in one place), parameter sources, comparisons;</li>
 *   <li>{@link ElementwiseConformance}: unary, clamp, binary with broadcasting, comparisons, where;</li>
 *   <li>{@link ReductionConformance}: sum, max, argmax, mean, var, min;</li>
 *   <li>{@link MatmulConformance}: matrix products against EJML;</li>
 *   <li>{@link IndexingConformance}: gather, scatterAdd, indexSelect, copy, fill, cast, concat, stack, pad;</li>
 *   <li>{@link ConvolutionConformance}: im2col, col2im, conv2d;</li>
 *   <li>{@link FusedConformance}: softmax, logSoftmax, layerNorm, SGD and Adam, fused vs composed;</li>
 *   <li>{@link ViewConformance}: views share storage, contiguous copies only when needed, copy-out;</li>
 *   <li>{@link PropertyConformance}: round trips, softmax sums, commuting broadcasts, sums of sums, associativity;</li>
 *   <li>{@link ContractConformance}: bad arguments, NaN and infinity propagation;</li>
 *   <li>{@link LargeConformance}: inputs large enough to be split across threads or work-groups;</li>
 *   <li>{@link DeterminismConformance}: bit-for-bit reproducibility and memory scopes.</li>
 * </ol>
 */
public abstract class BackendConformanceSuite extends DeterminismConformance {
}
