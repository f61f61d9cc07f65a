package org.learnedlr.autograd;

import org.learnedlr.tensor.Tensor;

/**
 * The local gradient of a user-defined op (see {@link Var#custom}): given dL/d(output), return dL/d(input) for each
 * input, in order, each of that input's shape and dtype; {@code null} stands for "no gradient" (for example for an
 * input that does not require one). The function captures whatever forward values it needs.
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor gradOutput);
}
