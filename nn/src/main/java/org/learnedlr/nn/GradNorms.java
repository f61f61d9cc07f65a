package org.learnedlr.nn;

import java.util.ArrayList;
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

    /** sqrt(sum of squares) over every parameter gradient: one fused op and one read, as for the module norms. */
    public static double global(List<Var> parameters) {
        List<Tensor> grads = new ArrayList<>();
        for (Var p : parameters) {
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        if (grads.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (double sq : Tensor.sumsOfSquares(grads).toDoubleArray()) {
            sum += sq;
        }
        return Math.sqrt(sum);
    }
}
