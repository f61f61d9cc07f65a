/**
 * The OpenCL backend (JOCL), found at run time through {@link java.util.ServiceLoader} under the name "opencl"
 * and selected with {@code -Dlearnedlr.backend=opencl} or {@code LEARNEDLR_BACKEND=opencl}; nothing above tensor/
 * names it.
 *
 * <p>Why it looks the way it does:
 * <ul>
 *   <li>One process-wide context and in-order queue ({@link org.learnedlr.kernels.ClRuntime}): kernels run in issue
 *       order, so a read sees every earlier write and a released buffer can be reused at once (the pool).</li>
 *   <li>Strided views reach kernels as a {@code layout_t} struct passed by value (shape, strides, offset, with
 *       mergeable axes merged), so no op makes a contiguous copy first and no index table is uploaded.</li>
 *   <li>Kernel sources are plain OpenCL C 1.2 resources (one per concern: elementwise, reduce, index, matmul,
 *       fused), built once per process on first use; work-group sizes come from the device's answers for each
 *       kernel, never from constants that only suit a CPU.</li>
 *   <li>Gradients are not here: autograd composes them from the same primitives on any backend.</li>
 * </ul>
 */
package org.learnedlr.kernels;
