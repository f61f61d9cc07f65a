package org.learnedlr.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.layers.BatchNorm2d;
import org.learnedlr.nn.layers.Reference;
import org.learnedlr.nn.loss.Losses;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Whole models against PyTorch in float64 (nn/src/test/python/make_reference.py): the parameter and state-dict
 * names, order and shapes of the PyTorch model, then a train-mode forward, cross-entropy and backward with every
 * parameter set by the script's formula.
 */
class ModelReferenceTest {
    private static final double TOL = 1e-9;

    @Test
    void mlp() {
        check("mlp", new Mlp(784, 256, 10, DType.FLOAT64, new Rng(0)));
    }

    @Test
    void resnet18ImagenetStem() {
        ResNet18 m = new ResNet18(ResNet18.Stem.IMAGENET, 1, 10, DType.FLOAT64, new Rng(0));
        Reference ref = check("resnet18", m);
        BatchNorm2d bn1 = (BatchNorm2d) m.children().get("bn1");
        Reference.assertClose("bn1.running_mean", ref.get("after.bn1.running_mean"), bn1.runningMean(), TOL, TOL);
        Reference.assertClose("bn1.running_var", ref.get("after.bn1.running_var"), bn1.runningVar(), TOL, TOL);
    }

    @Test
    void resnet18SmallStem() {
        check("resnet18_small_stem", new ResNet18(ResNet18.Stem.SMALL, 1, 10, DType.FLOAT64, new Rng(0)));
    }

    /** The script's formula_fill: parameter p, element i: scale sin(0.7 i + 1.1 p + 0.3). */
    private static void formulaFill(Module m, List<String> order) {
        Map<String, Var> params = m.namedParameters();
        for (int p = 0; p < order.size(); p++) {
            Var v = params.get(order.get(p));
            int[] shape = v.shape();
            int n = v.numel();
            double scale = shape.length >= 2 ? 1 / Math.sqrt((double) n / shape[0]) : 0.5;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = scale * Math.sin(0.7 * i + 1.1 * p + 0.3);
            }
            v.value().copyFrom(Tensor.of(d, shape));
        }
    }

    private static Reference check(String name, Module model) {
        Reference ref = Reference.load(name);
        Map<String, Tensor> order = ref.withPrefix("param_order.");
        Map<String, Var> params = model.namedParameters();
        assertEquals(List.copyOf(order.keySet()), List.copyOf(params.keySet()), "parameter names and order");
        order.forEach((k, s) -> assertArrayEquals(s.toIntArray(), params.get(k).shape(), k));
        Map<String, Tensor> stateShapes = ref.withPrefix("state_shape.");
        Map<String, Tensor> state = model.stateDict();
        assertEquals(List.copyOf(stateShapes.keySet()), List.copyOf(state.keySet()), "state-dict names and order");
        stateShapes.forEach((k, s) -> assertArrayEquals(s.toIntArray(), state.get(k).shape(), k));

        formulaFill(model, List.copyOf(order.keySet()));
        Var logits = ((org.learnedlr.nn.Layer) model).forward(Var.constant(ref.get("input")));
        Reference.assertClose(name + " logits", ref.get("logits"), logits.value(), TOL, TOL);
        Var loss = Losses.crossEntropy(logits, ref.get("labels"));
        Reference.assertClose(name + " loss", ref.get("loss"), loss.value(), TOL, TOL);
        loss.backward();
        ref.withPrefix("grad_norm.").forEach((k, norm) -> {
            Tensor g = params.get(k).grad();
            Reference.assertClose(name + " grad norm " + k, norm, g.square().sum().sqrt(), TOL, 1e-7);
        });
        ref.withPrefix("grad.").forEach((k, g) ->
                Reference.assertClose(name + " grad " + k, g, params.get(k).grad(), TOL, 1e-7));
        return ref;
    }
}
