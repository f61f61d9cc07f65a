package org.learnedlr.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * Reads a file written by the reference implementation (nn/src/test/python/make_safetensors_reference.py, which
 * uses the safetensors package on NumPy arrays) and checks that our writer reproduces it byte for byte.
 */
class SafeTensorsReferenceTest {
    private static final String RESOURCE = "/safetensors/reference.safetensors";
    private static final String PADDED = "/safetensors/padded.safetensors";

    @TempDir
    Path dir;

    private static byte[] reference() throws IOException {
        return resource(RESOURCE);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafeTensorsReferenceTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The values the script wrote, in the order the reference writer laid them out (by dtype, then name). */
    private static Map<String, Tensor> expected() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("bias", Tensor.of(new double[]{0.1, -1e-300, Math.PI}, 3));
        m.put("zero_rows", Tensor.zeros(DType.FLOAT64, 0, 4));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0));
        float[] conv = new float[18];
        for (int i = 0; i < conv.length; i++) {
            conv[i] = (float) (-1 + i * (2.0 / 17));       // np.linspace(-1, 1, 18) in float64, then float32
        }
        conv[17] = 1f;
        m.put("layer1.0.conv1.weight", Tensor.of(conv, 2, 1, 3, 3));
        m.put("scalar", Tensor.of(new float[]{2.5f}));
        m.put("weight", Tensor.of(new float[]{-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, 2, 3));
        m.put("index", Tensor.ofInts(new int[]{Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
        return m;
    }

    private static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "np");
        m.put("producer", "safetensors 0.8.0");
        return m;
    }

    @Test
    void readsTheReferenceFile() throws IOException {
        SafeTensors.Contents c = SafeTensors.read("reference", reference(), Backends.defaultBackend());
        Map<String, Tensor> want = expected();
        assertEquals(List.copyOf(want.keySet()), List.copyOf(c.tensors().keySet()));
        assertEquals(metadata(), c.metadata());
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            Tensor got = c.tensors().get(e.getKey());
            Tensor w = e.getValue();
            assertEquals(w.dtype(), got.dtype(), e.getKey());
            assertArrayEquals(w.shape(), got.shape(), e.getKey());
            if (w.dtype() == DType.INT32) {
                assertArrayEquals(w.toIntArray(), got.toIntArray(), e.getKey());
            } else {
                assertArrayEquals(w.toDoubleArray(), got.toDoubleArray(), 1e-7, e.getKey());
            }
        }
        assertArrayEquals(new double[]{0.1, -1e-300, Math.PI}, c.tensors().get("bias").toDoubleArray(), 0.0);
    }

    @Test
    void readsItFromAFileToo() throws IOException {
        Path f = dir.resolve("reference.safetensors");
        Files.write(f, reference());
        assertEquals(List.copyOf(expected().keySet()), List.copyOf(SafeTensors.read(f).tensors().keySet()));
    }

    @Test
    void ourWriterReproducesItByteForByte() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(
                SafeTensors.read("reference", reference(), Backends.defaultBackend()).tensors());
        Path f = dir.resolve("ours.safetensors");
        SafeTensors.write(f, tensors, metadata());
        assertArrayEquals(reference(), Files.readAllBytes(f));
    }

    @Test
    void paddedHeaderReadsAndIsReproduced() throws IOException {
        byte[] raw = resource(PADDED);
        assertEquals(' ', raw[8 + 87], "the reference writer pads with spaces");
        SafeTensors.Contents c = SafeTensors.read("padded", raw, Backends.defaultBackend());
        assertArrayEquals(new float[]{1f, -2f, 0.5f}, c.tensors().get("a").toFloatArray());
        assertEquals(Map.of("format", "np"), c.metadata());
        Path f = dir.resolve("ours.safetensors");
        SafeTensors.write(f, c.tensors(), c.metadata());
        assertArrayEquals(raw, Files.readAllBytes(f));
    }
}
