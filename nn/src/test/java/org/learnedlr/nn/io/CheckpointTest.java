package org.learnedlr.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.optim.AdamConfig;
import org.learnedlr.nn.optim.AdamW;
import org.learnedlr.nn.optim.Adadelta;
import org.learnedlr.nn.optim.AdadeltaConfig;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.nn.optim.Sgd;
import org.learnedlr.nn.optim.SgdConfig;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

class CheckpointTest {
    @TempDir
    Path dir;

    /** weight [2, 3], bias [2], a buffer, and a child with its own weight: "head.weight". */
    static final class Net extends Module {
        Net(double seed, DType dtype, int width) {
            param("weight", values(seed, dtype, 2, width));
            param("bias", values(seed + 1, dtype, 2));
            buffer("running_mean", values(seed + 2, dtype, 2));
            child("head", new Head(seed + 3, dtype));
        }

        Net(double seed) {
            this(seed, DType.FLOAT32, 3);
        }
    }

    static final class Head extends Module {
        Head(double seed, DType dtype) {
            param("weight", values(seed, dtype, 1, 2));
        }
    }

    static final class NoHead extends Module {
        NoHead(double seed) {
            param("weight", values(seed, DType.FLOAT32, 2, 3));
            param("bias", values(seed + 1, DType.FLOAT32, 2));
            buffer("running_mean", values(seed + 2, DType.FLOAT32, 2));
        }
    }

    private static Tensor values(double seed, DType dtype, int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.sin(seed * 7.1 + i * 1.3);
        }
        return Tensor.of(Tensor.zeros(dtype).backend(), dtype, d, shape);
    }

    private static long[] bits(Tensor t) {
        return Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static void assertSameState(Module a, Module b) {
        Map<String, Tensor> x = a.stateDict();
        Map<String, Tensor> y = b.stateDict();
        assertEquals(x.keySet(), y.keySet());
        x.forEach((k, t) -> assertArrayEquals(bits(t), bits(y.get(k)), k));
    }

    private static Map<String, long[]> snapshot(Module m) {
        Map<String, long[]> out = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> out.put(k, bits(t)));
        return out;
    }

    private static void assertUnchanged(Map<String, long[]> before, Module m) {
        Map<String, long[]> now = snapshot(m);
        assertEquals(before.keySet(), now.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, now.get(k), k));
    }

    /** One training step on the loss sum(p^2 * i) + t * sum(p): deterministic gradients from the current values. */
    private static void trainStep(Module m, Optimizer<?> opt, int t) {
        opt.zeroGrad();
        for (Var p : m.parameters()) {
            Var loss = p.square().mul(1.5).sum().add(p.sum().mul(0.1 * t - 0.3));
            loss.backward();
        }
        opt.step();
    }

    @Test
    void modelRoundTripIsBitForBit() throws IOException {
        Net a = new Net(1);
        Path f = dir.resolve("model.safetensors");
        Checkpoint.save(f, a, Map.of("epoch", "3", "note", "\u00e9"));
        Net b = new Net(2);
        Map<String, String> meta = Checkpoint.load(f, b);
        assertSameState(a, b);
        assertEquals(Map.of("epoch", "3", "note", "\u00e9"), meta);
        // The file is plain safetensors under the module's own (PyTorch) names.
        assertEquals(List.of("weight", "bias", "running_mean", "head.weight"),
                List.copyOf(SafeTensors.read(f).tensors().keySet()));
    }

    @Test
    void trainingResumedFromACheckpointContinuesBitForBit() throws IOException {
        List<Function<Module, Optimizer<?>>> makers = List.of(
            m -> new Sgd(m.parameters(), SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true)),
            m -> new AdamW(m.parameters(), AdamConfig.adamW().withLr(0.01)),
            m -> new Adadelta(m.parameters(), AdadeltaConfig.defaults()));
        for (Function<Module, Optimizer<?>> make : makers) {
            Net a = new Net(1, DType.FLOAT64, 3);
            Optimizer<?> optA = make.apply(a);
            for (int t = 0; t < 4; t++) {
                trainStep(a, optA, t);
            }
            optA.setLr(0.02);
            Path f = dir.resolve("ckpt.safetensors");
            Checkpoint.save(f, a, optA, Map.of("step", "4"));

            Net b = new Net(9, DType.FLOAT64, 3);
            Optimizer<?> optB = make.apply(b);
            trainStep(b, optB, 0);                    // some unrelated state, to be replaced
            assertEquals(Map.of("step", "4"), Checkpoint.load(f, b, optB));
            assertSameState(a, b);
            assertEquals(0.02, optB.paramGroup(0).lr());
            for (int t = 4; t < 8; t++) {
                trainStep(a, optA, t);
                trainStep(b, optB, t);
            }
            assertSameState(a, b);
        }
    }

    @Test
    void optimizerStateIsStoredUnderItsPrefix() throws IOException {
        Net a = new Net(1);
        Sgd opt = new Sgd(a.parameters(), SgdConfig.of(0.1).withMomentum(0.9));
        trainStep(a, opt, 0);
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint.save(f, a, opt, Map.of());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertTrue(c.tensors().containsKey("optimizer.state.0.momentum_buffer"));
        assertTrue(c.tensors().containsKey("optimizer.state.2.momentum_buffer"));
        assertEquals("SGD", c.metadata().get("optimizer.type"));
        assertEquals("0.1", c.metadata().get("optimizer.param_groups.0.lr"));
        assertEquals("0.9", c.metadata().get("optimizer.param_groups.0.momentum"));
        assertEquals(Checkpoint.FORMAT, c.metadata().get(Checkpoint.FORMAT_KEY));
        // Loading the weights alone ignores the optimizer's entries.
        Net b = new Net(5);
        Checkpoint.load(f, b);
        assertSameState(a, b);
    }

    private static CheckpointException assertMismatch(Path f, Module m, Optimizer<?> opt, String... fragments) {
        Map<String, long[]> before = snapshot(m);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(f, m, opt));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should mention '" + s + "'");
        }
        assertUnchanged(before, m);
        return e;
    }

    @Test
    void mismatchesNeverHalfLoad() throws IOException {
        Net a = new Net(1);
        Sgd opt = new Sgd(a.parameters(), SgdConfig.of(0.1).withMomentum(0.9));
        trainStep(a, opt, 0);
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint.save(f, a, opt, Map.of());

        assertMismatch(f, new Net(2, DType.FLOAT32, 4), null, "'weight'", "[2, 3]", "[2, 4]");
        assertMismatch(f, new Net(2, DType.FLOAT64, 3), null, "'weight'", "FLOAT64");
        assertMismatch(f, new NoHead(2), null, "unexpected [head.weight]");
        Path noHeadFile = dir.resolve("nohead.safetensors");
        Checkpoint.save(noHeadFile, new NoHead(3), Map.of());
        assertMismatch(noHeadFile, new Net(2), null, "missing [head.weight]");

        // The optimizer is checked before the module is touched.
        Net b = new Net(2);
        AdamW adam = new AdamW(b.parameters(), AdamConfig.adamW());
        assertMismatch(f, b, adam, "SGD", "AdamW");
        Sgd smaller = new Sgd(b.parameters().subList(0, 2), SgdConfig.of(0.1).withMomentum(0.9));
        assertMismatch(f, b, smaller, "optimizer");
        Sgd sgd = new Sgd(b.parameters(), SgdConfig.of(0.3));
        assertMismatch(noHeadFile, new NoHead(4), new Sgd(new NoHead(4).parameters(), SgdConfig.of(0.1)),
                "no optimizer state");
        Checkpoint.load(f, b, sgd);                   // and the right pair loads
        assertSameState(a, b);
        assertEquals(0.1, sgd.paramGroup(0).lr());
    }

    @Test
    void badScalarsInMetadataAreRejected() throws IOException {
        Net a = new Net(1);
        Sgd opt = new Sgd(a.parameters(), SgdConfig.of(0.1).withMomentum(0.9));
        trainStep(a, opt, 0);
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint.save(f, a, opt, Map.of());
        SafeTensors.Contents c = SafeTensors.read(f);
        for (String bad : new String[]{"0x1p3", " 0.1", "0.1f", "", "1e", "lots"}) {
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            meta.put("optimizer.param_groups.0.lr", bad);
            Path g = dir.resolve("bad.safetensors");
            SafeTensors.write(g, c.tensors(), meta);
            Net b = new Net(2);
            assertMismatch(g, b, new Sgd(b.parameters(), SgdConfig.of(0.1).withMomentum(0.9)),
                    "optimizer.param_groups.0.lr", "not a number");
        }
    }

    @Test
    void corruptFilesAreRejectedWithoutTouchingTheModel() throws IOException {
        Net a = new Net(1);
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint.save(f, a, Map.of());
        byte[] raw = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(raw, raw.length - 3));
        Net b = new Net(2);
        Map<String, long[]> before = snapshot(b);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> Checkpoint.load(f, b));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertUnchanged(before, b);
    }

    @Test
    void anInterruptedSaveLeavesThePreviousCheckpoint() throws IOException {
        Net a = new Net(1);
        Path f = dir.resolve("ckpt.safetensors");
        Checkpoint.save(f, a, Map.of("step", "100"));
        // A save killed before its rename leaves only a partial temporary file beside the checkpoint.
        Files.write(dir.resolve(".ckpt.safetensors.5eed.tmp"), Arrays.copyOf(Files.readAllBytes(f), 50));
        Net b = new Net(2);
        assertEquals(Map.of("step", "100"), Checkpoint.load(f, b));
        assertSameState(a, b);
    }

    @Test
    void reservedNamesAreRejectedOnSave() {
        Path f = dir.resolve("x.safetensors");
        Net a = new Net(1);
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(f, a, Map.of("optimizer.type", "x")));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(f, a,
                Map.of(Checkpoint.FORMAT_KEY, "x")));
        assertTrue(Files.notExists(f));
    }
}
