package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Every constructor rejects nonsense with a message that names the field; every schedule rejects negative steps. */
class ArgumentsTest {

    @Test
    void negativeStepsAreRejectedEverywhere() {
        Schedule[] all = {new Constant(0.1), new StepDecay(0.1, 10), new MultiStep(0.1, List.of(3L)),
            new Exponential(0.1, 0.9), new LinearWarmupDecay(0.1, 100, 5), new Cosine(0.1, 100),
            new Polynomial(0.1, 100, 2), new OneCycle(0.1, 100), new Rex(0.1, 100), Wsd.of(0.1, 100),
            new InverseSqrt(0.1, 10), new Warmup(5, 0.1, new Constant(0.1))};
        for (Schedule s : all) {
            Check.rejects("step", () -> s.lr(-1));
            Check.rejects("step", () -> s.momentum(-1));
            Check.rejects("step", () -> s.lr(Long.MIN_VALUE));
        }
    }

    @Test
    void learningRates() {
        for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            Check.rejects("eta0", () -> new Constant(bad));
            Check.rejects("eta0", () -> new Cosine(bad, 10));
            Check.rejects("eta0", () -> new Rex(bad, 10));
            Check.rejects("maxLr", () -> new OneCycle(bad, 100));
            Check.rejects("eta0", () -> new ReduceLROnPlateau(bad));
            Check.rejects("eta0", () -> Wsd.of(bad, 100));
        }
        Check.rejects("etaMin", () -> new Cosine(0.1, 10, 0.2));
        Check.rejects("etaMin", () -> new Cosine(0.1, 10, -0.01));
        Check.rejects("etaEnd", () -> new Polynomial(0.1, 10, 1, 0.2, 0, 0));
        Check.rejects("etaEnd", () -> Polynomial.hf(0.1, 0, 10, Double.NaN, 1));
        Check.rejects("etaFinal", () -> Exponential.reaching(0.1, 0.2, 10));
        Check.rejects("etaFinal", () -> Exponential.reaching(0.1, 0, 10));
    }

    @Test
    void lengths() {
        Check.rejects("total", () -> new Cosine(0.1, 0));
        Check.rejects("total", () -> new LinearWarmupDecay(0.1, 0, 0));
        Check.rejects("total", () -> new Polynomial(0.1, -5, 1));
        Check.rejects("total", () -> new Rex(0.1, 0));
        Check.rejects("total", () -> Wsd.of(0.1, 0));
        Check.rejects("total", () -> Wsd.hf(0.1, 10, 20, 29, Wsd.DecayShape.LINEAR, 0));
        Check.rejects("total", () -> Exponential.reaching(0.1, 0.01, 0));
        Check.rejects("total", () -> Experts.warmupSteps(0));
        Check.rejects("totalSteps", () -> new OneCycle(0.1, 0));
        Check.rejects("stepSize", () -> new StepDecay(0.1, 0));
        Check.rejects("warmup", () -> new Cosine(0.1, 10, 0, 10, 0));
        Check.rejects("warmup", () -> new Cosine(0.1, 10, 0, -1, 0));
        Check.rejects("warmup", () -> new LinearWarmupDecay(0.1, 10, 11));
        Check.rejects("warmup", () -> new Polynomial(0.1, 10, 1, 0, 10, 0));
        Check.rejects("warmup", () -> new InverseSqrt(0.1, -1));
        Check.rejects("warmup", () -> new Wsd(0.1, -1, 0, 1, Wsd.DecayShape.LINEAR, 0, 0));
        Check.rejects("stable", () -> new Wsd(0.1, 0, -1, 1, Wsd.DecayShape.LINEAR, 0, 0));
        Check.rejects("decay", () -> new Wsd(0.1, 0, 0, 0, Wsd.DecayShape.LINEAR, 0, 0));
        Check.rejects("timescale", () -> new InverseSqrt(0.1, 0, 0, 0));
        Check.rejects("steps", () -> new Warmup(-1, 0, new Constant(0.1)));
    }

    @Test
    void factorsAndShapes() {
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            Check.rejects("warmupStartFactor", () -> new LinearWarmupDecay(0.1, 10, 2, bad));
            Check.rejects("warmupStartFactor", () -> new Cosine(0.1, 10).withWarmup(2, bad));
            Check.rejects("warmupStartFactor", () -> new InverseSqrt(0.1, 2, 2, bad));
            Check.rejects("startFactor", () -> new Warmup(2, bad, new Constant(0.1)));
            Check.rejects("minLrRatio", () -> new Wsd(0.1, 0, 0, 1, Wsd.DecayShape.LINEAR, bad, 0));
        }
        for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
            Check.rejects("gamma", () -> new StepDecay(0.1, 3, bad));
            Check.rejects("gamma", () -> new MultiStep(0.1, List.of(3L), bad));
            Check.rejects("gamma", () -> new Exponential(0.1, bad));
        }
        Check.rejects("power", () -> new Polynomial(0.1, 10, 0));
        Check.rejects("power", () -> new Polynomial(0.1, 10, Double.POSITIVE_INFINITY));
        Check.rejects("milestones", () -> new MultiStep(0.1, null));
        Check.rejects("milestones", () -> new MultiStep(0.1, List.of(3L, -1L)));
        Check.rejects("milestones", () -> new MultiStep(0.1, Arrays.asList(3L, null)));
        Check.rejects("decayShape", () -> new Wsd(0.1, 0, 0, 1, null, 0, 0));
        Check.rejects("decayShape", () -> Wsd.DecayShape.parse("exp"));
        Check.rejects("after", () -> new Warmup(2, 0, null));
    }

    @Test
    void oneCycle() {
        Check.rejects("pctStart", () -> new OneCycle(0.1, 100).withPctStart(0));
        Check.rejects("pctStart", () -> new OneCycle(0.1, 100).withPctStart(1));
        Check.rejects("pctStart", () -> new OneCycle(0.1, 100).withPctStart(0.01));   // 0.01 * 100 <= 1
        Check.rejects("pctStart", () -> new OneCycle(0.1, 10).withPctStart(0.55).withThreePhase(true));
        assertNotNull(new OneCycle(0.1, 10).withPctStart(0.5).withThreePhase(true));
        OneCycle d = new OneCycle(0.1, 100);
        Check.rejects("divFactor", () -> new OneCycle(0.1, 100, 0.3, OneCycle.Anneal.COS, 0.5, 1e4, false, true,
                0.85, 0.95));
        Check.rejects("finalDivFactor", () -> new OneCycle(0.1, 100, 0.3, OneCycle.Anneal.COS, 25, 0, false, true,
                0.85, 0.95));
        Check.rejects("baseMomentum", () -> new OneCycle(0.1, 100, 0.3, OneCycle.Anneal.COS, 25, 1e4, false, true,
                1.0, 0.95));
        Check.rejects("maxMomentum", () -> new OneCycle(0.1, 100, 0.3, OneCycle.Anneal.COS, 25, 1e4, false, true,
                0.85, -0.1));
        Check.rejects("anneal", () -> d.withAnneal(null));
        Check.rejects("anneal", () -> OneCycle.Anneal.parse("step"));
        assertEquals(OneCycle.Anneal.LINEAR, OneCycle.Anneal.parse(" Linear"));
    }

    @Test
    void plateauConfigAndSignals() {
        ReduceLROnPlateau.Config d = ReduceLROnPlateau.Config.DEFAULTS;
        Check.rejects("factor", () -> d.withFactor(1.0));
        Check.rejects("factor", () -> d.withFactor(-0.1));
        Check.rejects("patience", () -> d.withPatience(-1));
        Check.rejects("threshold", () -> d.withThreshold(-1e-4, ReduceLROnPlateau.ThresholdMode.REL));
        Check.rejects("threshold", () -> d.withThreshold(Double.NaN, ReduceLROnPlateau.ThresholdMode.REL));
        Check.rejects("thresholdMode", () -> d.withThreshold(1e-4, null));
        Check.rejects("cooldown", () -> d.withCooldown(-1));
        Check.rejects("minLr", () -> d.withMinLr(-1));
        Check.rejects("eps", () -> d.withEps(Double.NaN));
        Check.rejects("mode", () -> d.withMode(null));
        Check.rejects("monitor", () -> d.withMonitor(null));
        Check.rejects("config", () -> new ReduceLROnPlateau(0.1, null));
        Check.rejects("signals", () -> new ReduceLROnPlateau(0.1).observe(null));

        Check.rejects("step", () -> StepSignals.ofTrainLoss(-1, 1, 0.1));
        Check.rejects("lr", () -> StepSignals.ofTrainLoss(0, 1, -0.1));
        Check.rejects("lr", () -> StepSignals.ofTrainLoss(0, 1, Double.NaN));
        Check.rejects("validationLoss", () -> new StepSignals(0, 1, null, 0.1, new double[0]));
        Check.rejects("gradNorms", () -> new StepSignals(0, 1, OptionalDouble.empty(), 0.1, null));
        Check.rejects("schedule", () -> LrScheduler.of((Schedule) null));
        Check.rejects("schedule", () -> LrScheduler.of((ObservingSchedule) null));
        Check.rejects("signals", () -> LrScheduler.of(new Constant(0.1)).step(null));
    }

    @Test
    void signalsMayCarryDivergenceAndAreImmutable() {
        double[] norms = {1, 2};
        StepSignals s = new StepSignals(3, Double.NaN, OptionalDouble.of(Double.POSITIVE_INFINITY), 0.1, norms);
        norms[0] = 99;
        assertEquals(1.0, s.gradNorms()[0]);
        s.gradNorms()[1] = 99;
        assertEquals(2.0, s.gradNorms()[1]);
        assertEquals(new StepSignals(3, Double.NaN, OptionalDouble.of(Double.POSITIVE_INFINITY), 0.1,
                new double[] {1, 2}), s);
    }
}
