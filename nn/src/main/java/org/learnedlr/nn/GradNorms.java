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
     * The sums of squares stay on the backend until all are made and come back in one copy-out (one transfer on a
     * device, instead of one per module).
     */
    public static double[] perModule(Module root) {
        List<Module> owners = root.parameterOwners();
        double[] out = new double[owners.size()];
        List<Tensor> sums = new ArrayList<>(owners.size());
        int[] at = new int[owners.size()];
        for (int i = 0; i < out.length; i++) {
            Tensor acc = sumOfSquares(owners.get(i).ownParameters().values());
            at[i] = acc == null ? -1 : sums.size();
            if (acc != null) {
                sums.add(acc.reshape(1));
            }
        }
        if (sums.isEmpty()) {
            return out;
        }
        double[] squares = (sums.size() == 1 ? sums.get(0) : Tensor.concat(sums, 0)).toDoubleArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = at[i] < 0 ? 0.0 : Math.sqrt(squares[at[i]]);
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
