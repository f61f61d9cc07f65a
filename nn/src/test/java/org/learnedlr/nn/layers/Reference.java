package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.tensor.Tensor;

/**
 * Reads the PyTorch reference files written by nn/src/test/python/make_reference.py (the format is described
 * there) from the test class path, and compares learnedlr layers against them.
 */
public final class Reference {
    private final String name;
    private final Map<String, Tensor> tensors;

    private Reference(String name, Map<String, Tensor> tensors) {
        this.name = name;
        this.tensors = tensors;
    }

    /** Loads /reference/{name}.txt. */
    public static Reference load(String name) {
        String path = "/reference/" + name + ".txt";
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (InputStream in = Reference.class.getResourceAsStream(path)) {
            assertNotNull(in, "missing test resource " + path);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header;
            while ((header = r.readLine()) != null) {
                if (header.isBlank() || header.startsWith("#")) {
                    continue;
                }
                String[] h = header.trim().split(" ");
                int rank = Integer.parseInt(h[2]);
                int[] shape = new int[rank];
                for (int i = 0; i < rank; i++) {
                    shape[i] = Integer.parseInt(h[3 + i]);
                }
                String line = r.readLine();
                String[] v = line.isBlank() ? new String[0] : line.trim().split(" ");
                out.put(h[0], switch (h[1]) {
                    case "f32" -> {
                        float[] f = new float[v.length];
                        for (int i = 0; i < f.length; i++) {
                            f[i] = Float.parseFloat(v[i]);
                        }
                        yield Tensor.of(f, shape);
                    }
                    case "f64" -> Tensor.of(Arrays.stream(v).mapToDouble(Double::parseDouble).toArray(), shape);
                    case "i32" -> Tensor.ofInts(Arrays.stream(v).mapToInt(Integer::parseInt).toArray(), shape);
                    default -> throw new IllegalStateException(path + ": unknown dtype " + h[1]);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reference(name, out);
    }

    public Tensor get(String key) {
        Tensor t = tensors.get(key);
        assertNotNull(t, name + ": no tensor '" + key + "'");
        return t;
    }

    /** The entries whose names start with {@code prefix}, with the prefix removed, in file order. */
    public Map<String, Tensor> withPrefix(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Asserts |actual - expected| <= atol + rtol |expected| elementwise (NaN nowhere), naming the worst element. */
    public static void assertClose(String what, Tensor expected, Tensor actual, double atol, double rtol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < e.length; i++) {
            double ratio = Math.abs(a[i] - e[i]) / (atol + rtol * Math.abs(e[i]));
            if (Double.isNaN(ratio) || ratio > worstRatio) {
                worstRatio = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
                worst = i;
            }
        }
        if (worstRatio > 1) {
            fail(what + ": element " + worst + " is " + a[worst] + ", PyTorch has " + e[worst] + " (atol " + atol
                    + ", rtol " + rtol + ")");
        }
    }

    /**
     * Loads the state.* tensors into the module (checking that its state-dict names come in PyTorch's order), runs
     * the forward on the input, compares the output, backpropagates the upstream gradient and compares the input's
     * and every parameter's gradient.
     */
    public void checkLayer(Module module, Function<Var, Var> forward, double atol, double rtol) {
        Map<String, Tensor> state = withPrefix("state.");
        assertEquals(List.copyOf(state.keySet()), List.copyOf(module.stateDict().keySet()), name + ": state-dict order");
        module.loadStateDict(state);
        Var x = Var.param(get("input"));
        Var y = forward.apply(x);
        assertClose(name + " output", get("output"), y.value(), atol, rtol);
        y.backward(get("upstream"));
        assertClose(name + " grad.input", get("grad.input"), x.grad(), atol, rtol);
        List<String> checked = new ArrayList<>();
        withPrefix("grad.").forEach((k, g) -> {
            if (!k.equals("input")) {
                Var p = module.namedParameters().get(k);
                assertNotNull(p, name + ": no parameter " + k);
                assertClose(name + " grad." + k, g, p.grad(), atol, rtol);
                checked.add(k);
            }
        });
        assertEquals(List.copyOf(module.namedParameters().keySet()), checked, name + ": parameter order");
    }
}
