package org.learnedlr.nn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

/**
 * Layer-wise gradient norms: for each module that owns parameters (weight and bias together), in depth order,
 * sqrt(sum of squared gradient entries). Read from the gradients backward left behind, one fused pass over each
 * ({@link Tensor#sumOfSquares()}) without materialising the squares.
 */
public final class GradNorms {
    private GradNorms() {
    }

    /**
     * One norm per {@link Module#parameterOwners() parameter owner}; 0 for a module whose parameters got no gradient.
     * The squared norms of all gradients are made in one fused op ({@link Tensor#sumsOfSquares}) and come back in
     * one copy-out (one transfer on a device, instead of one per module); each module's sum is added here.
     */
    public static double[] perModule(Module root) {
        List<Module> owners = root.parameterOwners();
        double[] out = new double[owners.size()];
        List<Tensor> grads = new ArrayList<>();
        List<Integer> ownerOf = new ArrayList<>();   // the owner index of each gradient in grads
        for (int i = 0; i < out.length; i++) {
            for (Var p : owners.get(i).ownParameters().values()) {
                if (p.grad() != null) {
                    grads.add(p.grad());
                    ownerOf.add(i);
                }
            }
        }
        if (grads.isEmpty()) {
            return out;
        }
        double[] squares = Tensor.sumsOfSquares(grads).toDoubleArray();
        for (int j = 0; j < squares.length; j++) {
            out[ownerOf.get(j)] += squares[j];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.sqrt(out[i]);
        }
        return out;
    }

    /** The sum of g^2 over the gradients of {@code params} as a 0-d tensor, or null when none has a gradient. */
    private static Tensor sumOfSquares(Collection<Var> params) {
        Tensor acc = null;
        for (Var p : params) {
            Tensor g = p.grad();
            if (g != null) {
                Tensor sq = g.sumOfSquares();
                acc = acc == null ? sq : acc.add(sq);
            }
        }
        return acc;
    }

    /** sqrt(sum of squares) over every parameter gradient. */
    public static double global(List<Var> parameters) {
        Tensor acc = sumOfSquares(parameters);
        return acc == null ? 0.0 : Math.sqrt(acc.item());
    }
}
