package org.learnedlr.nn.layers;

import java.util.List;
import java.util.function.Function;
import org.learnedlr.autograd.GradCheck;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * {@link GradCheck} over a module's input and all of its parameters at once. The module must be built in FLOAT64.
 * GradCheck hands the function fresh Vars for [x, p_1, ..., p_n]; the function copies p_k's values into the
 * module's parameters, runs the forward on a leaf copy of x, and ties the result to GradCheck's Vars with a custom
 * op whose backward runs the module's own backward and returns dL/dx and each parameter's gradient.
 */
public final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    public static GradCheck.Result check(Module module, Function<Var, Var> forward, Tensor x) {
        return check(module, forward, x, GradCheck.Options.DEFAULT);
    }

    public static GradCheck.Result check(Module module, Function<Var, Var> forward, Tensor x,
                                         GradCheck.Options options) {
        List<Var> params = module.parameters();
        Tensor[] inputs = new Tensor[params.size() + 1];
        inputs[0] = x;
        for (int k = 0; k < params.size(); k++) {
            if (params.get(k).dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("ModuleGradCheck: build the module in FLOAT64");
            }
            inputs[k + 1] = params.get(k).value().copy();
        }
        return GradCheck.check(v -> {
            for (int k = 0; k < params.size(); k++) {
                params.get(k).value().copyFrom(v[k + 1].value());
            }
            Var xin = Var.param(v[0].value());
            Var y = forward.apply(xin);
            return Var.custom("module", y.value(), v, g -> {
                module.zeroGrad();
                y.backward(g);
                Tensor[] grads = new Tensor[v.length];
                grads[0] = xin.grad();
                for (int k = 0; k < params.size(); k++) {
                    grads[k + 1] = params.get(k).grad();
                }
                return grads;
            });
        }, options, inputs);
    }
}
