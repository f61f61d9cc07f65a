package org.learnedlr.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

class OptimizerStateTest {

    /** Optimizers over two groups, [a, b] and [c], with differing settings; lrScale varies the learning rates. */
    private static List<Function<List<Var>, Optimizer<?>>> factories(double lrScale) {
        return List.of(
            ps -> new Sgd(List.of(
                    new ParamGroup<>(ps.subList(0, 2), SgdConfig.of(0.05 * lrScale).withMomentum(0.9)
                            .withNesterov(true).withWeightDecay(0.01)),
                    new ParamGroup<>(ps.subList(2, 3), SgdConfig.of(0.1 * lrScale).withMomentum(0.5)
                            .withDampening(0.1)))),
            ps -> new Adam(List.of(
                    new ParamGroup<>(ps.subList(0, 2), AdamConfig.adam().withLr(0.01 * lrScale).withWeightDecay(0.1)),
                    new ParamGroup<>(ps.subList(2, 3), AdamConfig.adam().withLr(0.02 * lrScale).withBeta1(0.8)))),
            ps -> new AdamW(List.of(
                    new ParamGroup<>(ps.subList(0, 2), AdamConfig.adamW().withLr(0.01 * lrScale)),
                    new ParamGroup<>(ps.subList(2, 3), AdamConfig.adamW().withLr(0.03 * lrScale)))),
            ps -> new Adadelta(List.of(
                    new ParamGroup<>(ps.subList(0, 2), AdadeltaConfig.defaults().withLr(lrScale)),
                    new ParamGroup<>(ps.subList(2, 3), AdadeltaConfig.defaults().withWeightDecay(0.1)))));
    }

    private static List<Var> params() {
        return List.of(Reference.param(1.0, -2.0, 0.5), Reference.param(3.0), Reference.param(-1.0, 0.25));
    }

    private static List<Var> copies(List<Var> ps) {
        return ps.stream().map(p -> Var.param(p.value().copy())).toList();
    }

    /** Step t: a and b always have a gradient; c only from step 2 on, so its state lags. */
    private static void step(Optimizer<?> opt, List<Var> ps, int t) {
        opt.zeroGrad();
        Reference.setGrads(t >= 2 ? ps : ps.subList(0, 2), t);
        opt.step();
    }

    private static void assertSameBits(List<Var> a, List<Var> b) {
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(Reference.bits(a.get(i).value()), Reference.bits(b.get(i).value()), "parameter " + i);
        }
    }

    private static void assertSameState(OptimizerState x, OptimizerState y) {
        assertEquals(x.type(), y.type());
        assertEquals(x.scalars(), y.scalars());
        assertEquals(x.tensors().keySet(), y.tensors().keySet());
        x.tensors().forEach((k, t) -> assertArrayEquals(Reference.bits(t), Reference.bits(y.tensors().get(k)), k));
    }

    @Test
    void roundTripContinuesBitForBit() {
        List<Function<List<Var>, Optimizer<?>>> make = factories(1);
        List<Function<List<Var>, Optimizer<?>>> makeOther = factories(7);
        for (int k = 0; k < make.size(); k++) {
            List<Var> ps = params();
            Optimizer<?> a = make.get(k).apply(ps);
            for (int t = 0; t < 5; t++) {
                step(a, ps, t);
            }
            a.paramGroup(1).setLr(0.004);
            OptimizerState snapshot = a.stateDict();

            List<Var> qs = copies(ps);
            Optimizer<?> b = makeOther.get(k).apply(qs);   // other learning rates: the state must restore them
            b.loadStateDict(snapshot);
            assertSameState(snapshot, b.stateDict());
            for (int t = 5; t < 10; t++) {
                step(a, ps, t);
                step(b, qs, t);
            }
            assertSameBits(ps, qs);
            assertSameState(a.stateDict(), b.stateDict());

            // The snapshot is a copy: continuing a did not change it.
            Optimizer<?> c = makeOther.get(k).apply(copies(ps));
            c.loadStateDict(snapshot);
            assertSameState(snapshot, c.stateDict());
        }
    }

    @Test
    void namesFollowPyTorch() {
        List<Var> ps = params();
        Optimizer<?> sgd = factories(1).get(0).apply(ps);
        step(sgd, ps, 0);
        OptimizerState s = sgd.stateDict();
        assertEquals("SGD", s.type());
        assertEquals(List.of("state.0.momentum_buffer", "state.1.momentum_buffer"), List.copyOf(s.tensors().keySet()));
        assertEquals(0.05, s.scalars().get("param_groups.0.lr"));
        assertEquals(1.0, s.scalars().get("param_groups.0.nesterov"));
        assertEquals(2.0, s.scalars().get("param_groups.0.num_params"));
        assertEquals(1.0, s.scalars().get("param_groups.1.num_params"));

        List<Var> qs = params();
        Optimizer<?> adam = factories(1).get(1).apply(qs);
        step(adam, qs, 0);
        step(adam, qs, 1);
        step(adam, qs, 2);
        OptimizerState t = adam.stateDict();
        assertEquals(List.of("state.0.exp_avg", "state.0.exp_avg_sq", "state.1.exp_avg", "state.1.exp_avg_sq",
                "state.2.exp_avg", "state.2.exp_avg_sq"), List.copyOf(t.tensors().keySet()));
        assertEquals(3.0, t.scalars().get("state.0.step"));
        assertEquals(1.0, t.scalars().get("state.2.step"));
    }

    private static OptimizerState edit(OptimizerState s, Map<String, Tensor> tensors, Map<String, Double> scalars) {
        return new OptimizerState(s.type(), tensors, scalars);
    }

    private static void assertRejected(Optimizer<?> opt, OptimizerState bad, String... fragments) {
        OptimizerState before = opt.stateDict();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(bad));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        assertSameState(before, opt.stateDict());   // all or nothing
    }

    @Test
    void mismatchesAreRejectedAndChangeNothing() {
        List<Var> ps = params();
        Adam adam = (Adam) factories(1).get(1).apply(ps);
        for (int t = 0; t < 3; t++) {
            step(adam, ps, t);
        }
        OptimizerState good = adam.stateDict();

        List<Var> qs = params();
        Optimizer<?> sgd = factories(1).get(0).apply(qs);
        assertRejected(sgd, good, "Adam", "SGD");
        assertRejected(new Adam(List.of(Reference.param(1.0)), AdamConfig.adam()), good, "param_groups.1");

        Map<String, Tensor> tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.1.exp_avg", Tensor.of(new double[]{1, 2}, 2));
        assertRejected(adam, edit(good, tensors, good.scalars()), "state.1.exp_avg", "[2]");

        tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.1.exp_avg", Tensor.of(new float[]{1}, 1));
        assertRejected(adam, edit(good, tensors, good.scalars()), "state.1.exp_avg", "FLOAT32");

        tensors = new LinkedHashMap<>(good.tensors());
        tensors.remove("state.2.exp_avg_sq");
        assertRejected(adam, edit(good, tensors, good.scalars()), "parameter 2", "some of its buffers");

        tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.0.momentum_buffer", good.tensors().get("state.0.exp_avg"));
        assertRejected(adam, edit(good, tensors, good.scalars()), "state.0.momentum_buffer");

        tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.3.exp_avg", good.tensors().get("state.0.exp_avg"));
        assertRejected(adam, edit(good, tensors, good.scalars()), "state.3.exp_avg");

        tensors = new LinkedHashMap<>(good.tensors());
        tensors.put("state.01.exp_avg", good.tensors().get("state.1.exp_avg"));
        assertRejected(adam, edit(good, tensors, good.scalars()), "state.01.exp_avg");

        Map<String, Double> scalars = new LinkedHashMap<>(good.scalars());
        scalars.remove("state.1.step");
        assertRejected(adam, edit(good, good.tensors(), scalars), "parameter 1", "step");

        scalars = new LinkedHashMap<>(good.scalars());
        scalars.put("state.1.step", 1.5);
        assertRejected(adam, edit(good, good.tensors(), scalars), "state.1.step");

        scalars = new LinkedHashMap<>(good.scalars());
        scalars.put("param_groups.0.lr", -1.0);
        assertRejected(adam, edit(good, good.tensors(), scalars), "parameter group 0", "lr");

        scalars = new LinkedHashMap<>(good.scalars());
        scalars.remove("param_groups.1.beta2");
        assertRejected(adam, edit(good, good.tensors(), scalars), "beta2");

        scalars = new LinkedHashMap<>(good.scalars());
        scalars.put("param_groups.0.num_params", 3.0);
        assertRejected(adam, edit(good, good.tensors(), scalars), "num_params");

        scalars = new LinkedHashMap<>(good.scalars());
        scalars.put("lr", 0.1);
        assertRejected(adam, edit(good, good.tensors(), scalars), "unexpected scalar 'lr'");

        // SGD keeps no step count.
        List<Var> rs = params();
        Optimizer<?> sgd2 = factories(1).get(0).apply(rs);
        step(sgd2, rs, 0);
        OptimizerState s = sgd2.stateDict();
        scalars = new LinkedHashMap<>(s.scalars());
        scalars.put("state.0.step", 1.0);
        assertRejected(sgd2, edit(s, s.tensors(), scalars), "state.0.step");
    }

    @Test
    void freshStateLoadsIntoAStartedOptimizer() {
        List<Var> ps = params();
        Optimizer<?> fresh = factories(1).get(1).apply(params());
        Optimizer<?> used = factories(1).get(1).apply(ps);
        step(used, ps, 0);
        used.loadStateDict(fresh.stateDict());
        assertSameState(fresh.stateDict(), used.stateDict());
    }
}
