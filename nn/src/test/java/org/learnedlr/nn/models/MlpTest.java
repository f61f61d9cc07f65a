package org.learnedlr.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.layers.ModuleGradCheck;
import org.learnedlr.nn.loss.Losses;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class MlpTest {
    @Test
    void namesShapesAndCount() {
        Mlp m = new Mlp(new Rng(0));
        assertNames(m, "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        assertShape(new int[]{256, 784}, m.fc1().weight().shape());
        assertShape(new int[]{10, 256}, m.fc2().weight().shape());
        assertEquals(784 * 256 + 256 + 256 * 10 + 10, m.parameterCount());
        assertShape(new int[]{3, 10}, m.forward(Var.constant(Tensor.zeros(3, 1, 28, 28))).shape());
        assertShape(new int[]{3, 10}, m.forward(Var.constant(Tensor.zeros(3, 784))).shape());
        assertEquals(2, m.parameterOwners().size());
    }

    @Test
    void sameSeedSameWeights() {
        double[] a = new Mlp(new Rng(11)).fc2().weight().value().toDoubleArray();
        double[] b = new Mlp(new Rng(11)).fc2().weight().value().toDoubleArray();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i]);
        }
    }

    @Test
    void gradientCheckOnATinyInstance() {
        Mlp m = new Mlp(6, 5, 3, DType.FLOAT64, new Rng(1));
        Tensor x = Tensor.normal(new Rng(2), 0, 1, DType.FLOAT64, 4, 1, 2, 3);
        ModuleGradCheck.check(m, m::forward, x).assertClose();
    }

    /** A plain SGD loop on one fixed batch: the loss must fall close to zero. */
    @Test
    void overfitsOneSmallBatch() {
        Rng rng = new Rng(3);
        Mlp m = new Mlp(rng);
        Tensor x = Tensor.uniform(rng, 0, 1, DType.FLOAT32, 32, 1, 28, 28);
        int[] y = new int[32];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(10);
        }
        Tensor labels = Tensor.ofInts(y, 32);
        double lr = 0.1;
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            m.zeroGrad();
            Var loss = Losses.crossEntropy(m.forward(Var.constant(x)), labels);
            losses.add(loss.item());
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (Var v : m.parameters()) {
                    v.value().copyFrom(v.value().sub(v.grad().mul(lr)));
                }
            }
        }
        double first = losses.get(0);
        double last = losses.get(losses.size() - 1);
        assertTrue(first > 2.0, "initial loss " + first);
        assertTrue(last < 0.2, "losses " + losses);
    }
}
