package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Determinism (DESIGN.md section 2: the same seed and thread count give the same result, bit for bit) and memory
 * scopes on the backend: storage a backend tracks is released when its scope closes, unless kept.
 */
public abstract class DeterminismConformance extends LargeConformance {

    /** Runs {@code op} twice and requires bit-identical results. */
    private static Tensor twice(String what, Supplier<Tensor> op) {
        Tensor first = op.get();
        assertBitwise(what + " run twice", first, op.get());
        return first;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void theSameSeedGivesTheSameTensors(DType dt) {
        assertBitwise("uniform with seed 7", Tensor.uniform(backend(), new Rng(7), -1, 1, dt, 33, 17),
                Tensor.uniform(backend(), new Rng(7), -1, 1, dt, 33, 17));
        assertBitwise("normal with seed 7", Tensor.normal(backend(), new Rng(7), 0, 1, dt, 1001),
                Tensor.normal(backend(), new Rng(7), 0, 1, dt, 1001));
        Nd a = Reference.read(Tensor.uniform(backend(), new Rng(7), -1, 1, dt, 64));
        Nd b = Reference.read(Tensor.uniform(backend(), new Rng(8), -1, 1, dt, 64));
        assertFalse(Arrays.equals(a.data(), b.data()), "different seeds give different tensors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void largeOpsAreBitwiseReproducible(DType dt) {
        Rng rng = new Rng(80);
        Tensor a = random(dt, rng, -1, 1, 257, 129);
        Tensor b = random(dt, rng, -1, 1, 129, 65);
        Tensor c = twice("matmul 257x129x65", () -> a.matmul(b));
        assertClose("matmul 257x129x65", Reference.matmul(Reference.read(a), Reference.read(b)), c,
                tolerance(dt, 129), Reference.matmul(Reference.map(Reference.read(a), Math::abs),
                        Reference.map(Reference.read(b), Math::abs)));
        twice("matmul 257x129x65 with a transposed operand", () -> a.matmul(b.transpose(0, 1).contiguous()
                .transpose(0, 1)));

        int n = 1_000_000;
        Tensor big = random(dt, rng, 0, 1, n);
        Tensor sum = twice("sum of 10^6 elements", big::sum);
        Nd r = Reference.read(big);
        // Kahan summation: the reference sum is accurate to a few ulps of a double.
        double s = 0;
        double carry = 0;
        for (double v : r.data()) {
            double y = v - carry;
            double t = s + y;
            carry = (t - s) - y;
            s = t;
        }
        assertEquals(s, sum.item(), tolerance(dt, n) * s, "sum of 10^6 elements");
        twice("sum of 10^6 elements viewed as (1000, 1000) over axis 0", () -> big.reshape(1000, 1000).sum(0, false));
        twice("sum of 10^6 elements viewed as (1000, 1000) over axis 1", () -> big.reshape(1000, 1000).sum(1, false));

        Tensor x = random(dt, rng, -1, 1, 4, 8, 32, 32);
        Tensor w = random(dt, rng, -1, 1, 16, 8, 3, 3);
        Tensor bias = random(dt, rng, -1, 1, 16);
        twice("conv2d [4, 8, 32, 32] * [16, 8, 3, 3]", () -> x.conv2d(w, bias, 1, 1));
        twice("conv2d stride 2", () -> x.conv2d(w, null, 2, 0));
        Conv2dGeometry g = new Conv2dGeometry(4, 8, 32, 32, 3, 3, 1, 1, 1, 1);
        twice("col2im of im2col", () -> x.im2col(g).col2im(g));
        Tensor logits = random(dt, rng, -5, 5, 512, 300);
        twice("softmax (512, 300)", () -> logits.softmax(1));
        twice("layerNorm (512, 300)", () -> logits.layerNorm(null, null, 1e-5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void scopesReleaseWhatTheBackendTracks(DType dt) {
        Rng rng = new Rng(81);
        Tensor kept;
        Tensor temporary;
        int tracked;
        Nd expected;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = random(dt, rng, -1, 1, 4, 5);
                temporary = x.exp();
                Tensor y = temporary.add(1).mul(x);
                tracked = scope.trackedCount();
                kept = scope.keep(y);
                expected = Reference.read(y);
                assertTrue(tracked == 0 || scope.trackedCount() == tracked - 1,
                        "keep hands exactly the kept tensor's storage to the enclosing scope");
            }
            assertFalse(kept.storage().isClosed(), "a kept tensor survives its scope");
            assertExact("a kept tensor after its scope closed", expected, kept);
            if (tracked > 0) {
                assertTrue(temporary.storage().isClosed(), "a temporary is released when its scope closes");
                assertEquals(1, outer.trackedCount(), "the kept storage moved to the enclosing scope");
            } else {
                assertFalse(temporary.storage().isClosed(), "an untracked backend releases nothing");
            }
            kept = outer.keep(kept);
        }
        assertFalse(kept.storage().isClosed(), "kept at the outermost scope: left to the garbage collector");
        assertExact("kept through every scope", expected, kept);
    }
}
