package org.learnedlr.nn;

import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

/**
 * Layer-wise gradient norms: for each module that owns parameters (weight and bias together), in depth order,
 * sqrt(sum of squared gradient entries). Read from the gradients backward left behind; no extra pass is made.
 */
public final class GradNorms {
    private GradNorms() {
    }

    /** One norm per {@link Module#parameterOwners() parameter owner}; 0 for a module whose parameters got no gradient. */
    public static double[] perModule(Module root) {
        List<Module> owners = root.parameterOwners();
        double[] out = new double[owners.size()];
        for (int i = 0; i < out.length; i++) {
            Tensor acc = null;
            for (Var p : owners.get(i).ownParameters().values()) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                Tensor sq = g.square().sum();
                acc = acc == null ? sq : acc.add(sq);
            }
            out[i] = acc == null ? 0.0 : Math.sqrt(acc.item());
        }
        return out;
    }

    /** sqrt(sum of squares) over every parameter gradient. */
    public static double global(List<Var> parameters) {
        Tensor acc = null;
        for (Var p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                Tensor sq = g.square().sum();
                acc = acc == null ? sq : acc.add(sq);
            }
        }
        return acc == null ? 0.0 : Math.sqrt(acc.item());
    }
}
