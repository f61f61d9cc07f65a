package org.learnedlr.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Storage;
import org.learnedlr.tensor.Tensor;

class SafeTensorsTest {
    @TempDir
    Path dir;

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A file per the spec: 8-byte little-endian header length, the header bytes as given, then the data. */
    private static byte[] file(byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return b.array();
    }

    private static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private Path put(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static long[] bits(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> {
                float[] f = t.toFloatArray();
                long[] out = new long[f.length];
                for (int i = 0; i < f.length; i++) {
                    out[i] = Float.floatToRawIntBits(f[i]);
                }
                yield out;
            }
            case FLOAT64 -> Arrays.stream(t.toDoubleArray()).mapToLong(Double::doubleToRawLongBits).toArray();
            case INT32 -> Arrays.stream(t.toIntArray()).asLongStream().toArray();
        };
    }

    private static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "names in file order");
        expected.forEach((k, t) -> {
            Tensor a = actual.get(k);
            assertEquals(t.dtype(), a.dtype(), k);
            assertArrayEquals(t.shape(), a.shape(), k);
            assertArrayEquals(bits(t), bits(a), k);
        });
    }

    /** Reading must fail with a SafeTensorsException naming the file and each fragment. */
    private static SafeTensorsException assertBad(Path file, String... fragments) {
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        return e;
    }

    private Path header(String json, int dataBytes) throws IOException {
        return put("bad.safetensors", file(json, new byte[dataBytes]));
    }

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        float quietNanWithPayload = Float.intBitsToFloat(0x7fc01234);
        m.put("layer.weight", Tensor.of(new float[]{1.5f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, quietNanWithPayload}, 2, 3));
        m.put("layer.bias", Tensor.of(new double[]{Math.PI, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY,
            Double.longBitsToDouble(0x7ff8000000000abcL)}, 4));
        m.put("labels", Tensor.ofInts(new int[]{Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
        m.put("empty", Tensor.zeros(DType.FLOAT32, 0));
        m.put("empty2d", Tensor.zeros(DType.FLOAT64, 2, 0, 3));
        m.put("scalar", Tensor.scalar(0.1));
        m.put("int scalar \"quoted\" \u00e9\u4e2d\ud83d\ude00", Tensor.ofInts(new int[]{42}));
        return m;
    }

    // ---- round trips -----------------------------------------------------------------------------------------------

    @Test
    void roundTripIsBitForBit() throws IOException {
        Map<String, Tensor> tensors = sample();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "line\nbreak \"quoted\" back\\slash tab\t \u0001 \u00e9\ud83d\ude00");
        Path f = dir.resolve("a.safetensors");
        SafeTensors.write(f, tensors, meta);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertSameTensors(tensors, c.tensors());
        assertEquals(meta, c.metadata());

        byte[] raw = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        assertEquals(' ', raw[(int) (8 + n - 1)], "padded with spaces");
    }

    @Test
    void emptyFileOfTensorsAndNoMetadata() throws IOException {
        Path f = dir.resolve("empty.safetensors");
        SafeTensors.write(f, Map.of(), Map.of());
        byte[] raw = Files.readAllBytes(f);
        assertArrayEquals(file("{}      ", new byte[0]), raw);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertTrue(c.tensors().isEmpty());
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void viewsAreWrittenRowMajor() throws IOException {
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1);   // (3, 2), not contiguous
        Path f = dir.resolve("view.safetensors");
        SafeTensors.write(f, Map.of("t", t), Map.of());
        Tensor r = SafeTensors.read(f).tensors().get("t");
        assertArrayEquals(new int[]{3, 2}, r.shape());
        assertArrayEquals(new float[]{1, 4, 2, 5, 3, 6}, r.toFloatArray());
    }

    @Test
    void largeTensorCrossesChunkBoundaries() throws IOException {
        float[] big = new float[(1 << 18) + 3];   // 1 MiB + 12 bytes: more than one I/O chunk
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Tensor.ofInts(new int[]{1, 2, 3}, 3));
        m.put("big", Tensor.of(big, big.length));
        Path f = dir.resolve("big.safetensors");
        SafeTensors.write(f, m, Map.of());
        assertSameTensors(m, SafeTensors.read(f).tensors());
    }

    // ---- a file laid out by the reference writer, built byte by byte -----------------------------------------------

    /**
     * What the reference implementation writes for {"scale": f64 [0.1], "weight": f32 [[1, -2], [0.5, 3.25]],
     * "step": i32 7} with metadata {"format": "pt"}: compact JSON with "__metadata__" first, tensors in data order,
     * the header padded with spaces to a multiple of 8, then the little-endian data.
     */
    private static byte[] referenceFile() {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"scale\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[8,24]},"
                + "\"step\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[24,28]}}";
        int pad = (8 - json.length() % 8) % 8;
        String header = json + " ".repeat(pad);
        byte[] data = bytes(
                0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f,    // 0.1 as f64 (0x3FB999999999999A)
                0x00, 0x00, 0x80, 0x3f,                            // 1.0f
                0x00, 0x00, 0x00, 0xc0,                            // -2.0f
                0x00, 0x00, 0x00, 0x3f,                            // 0.5f
                0x00, 0x00, 0x50, 0x40,                            // 3.25f
                0x07, 0x00, 0x00, 0x00);                           // 7
        return file(header, data);
    }

    @Test
    void readsAFileBuiltByHandPerTheSpec() throws IOException {
        Path f = put("ref.safetensors", referenceFile());
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("scale", "weight", "step"), List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertArrayEquals(new double[]{0.1}, c.tensors().get("scale").toDoubleArray());
        assertArrayEquals(new int[]{2, 2}, c.tensors().get("weight").shape());
        assertArrayEquals(new float[]{1f, -2f, 0.5f, 3.25f}, c.tensors().get("weight").toFloatArray());
        assertEquals(0, c.tensors().get("step").dim());
        assertEquals(DType.INT32, c.tensors().get("step").dtype());
        assertEquals(7, c.tensors().get("step").item());
    }

    @Test
    void writesTheReferenceLayoutByteForByte() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("scale", Tensor.of(new double[]{0.1}, 1));
        m.put("weight", Tensor.of(new float[]{1f, -2f, 0.5f, 3.25f}, 2, 2));
        m.put("step", Tensor.ofInts(new int[]{7}));
        Path f = dir.resolve("mine.safetensors");
        SafeTensors.write(f, m, Map.of("format", "pt"));
        assertArrayEquals(referenceFile(), Files.readAllBytes(f));
    }

    @Test
    void fileOrderIsOffsetOrderNotKeyOrder() throws IOException {
        String json = "{ \"b\" : {\"data_offsets\": [4, 8], \"shape\": [1], \"dtype\": \"I32\"},\n"
                + "  \"a\" : {\"dtype\": \"I32\", \"shape\": [1], \"data_offsets\": [0, 4]} }";
        Path f = put("order.safetensors", file(json, bytes(1, 0, 0, 0, 2, 0, 0, 0)));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertEquals(1, c.tensors().get("a").item());
        assertEquals(2, c.tensors().get("b").item());
        assertEquals(List.of("a", "b"), SafeTensors.readHeader(f).entries().stream()
                .map(SafeTensors.Entry::name).toList());
    }

    // ---- corruption --------------------------------------------------------------------------------------------

    @Test
    void tooShortForTheLength() throws IOException {
        assertBad(put("zero", new byte[0]), "0 bytes", "shorter than the 8-byte header length");
        assertBad(put("seven", new byte[7]), "7 bytes");
    }

    @Test
    void everyTruncationIsRejected() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, sample(), Map.of("k", "v"));
        byte[] raw = Files.readAllBytes(good);
        for (int cut = 0; cut < raw.length; cut++) {
            byte[] cutBytes = Arrays.copyOf(raw, cut);
            SafeTensorsException e = assertThrows(SafeTensorsException.class,
                    () -> SafeTensors.read("cut", cutBytes, Backends.defaultBackend()), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("cut: "), e.getMessage());
        }
        // The same through files, at a few points: in the length, in the header, in the data.
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        for (long cut : new long[]{3, 8, 8 + n / 2, 8 + n, raw.length - 5}) {
            assertBad(put("cut.safetensors", Arrays.copyOf(raw, (int) cut)));
        }
        // A cut inside the data names the tensor that goes past the end.
        assertBad(put("cut.safetensors", Arrays.copyOf(raw, raw.length - 1)), "tensor '", "truncated");
    }

    @Test
    void hugeOrOversizedHeaderLengthIsRejectedBeforeAllocating() throws IOException {
        byte[] raw = referenceFile();
        for (long n : new long[]{1L << 60, -1L, Long.MIN_VALUE, SafeTensors.MAX_HEADER_BYTES + 1}) {
            byte[] bad = raw.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
            assertBad(put("huge", bad), Long.toUnsignedString(n), "exceeds the limit");
        }
        byte[] bad = raw.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(0, raw.length - 7);
        assertBad(put("long", bad), "exceeds the " + (raw.length - 8) + " bytes");
    }

    @Test
    void flippedHeaderBytesNeverGiveAnythingButACleanError() throws IOException {
        byte[] raw = referenceFile();
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int rejected = 0;
        int total = 0;
        for (int pos = 0; pos < 8 + n; pos++) {
            for (int mask : new int[]{0x01, 0x02, 0x20, 0x80}) {
                byte[] bad = raw.clone();
                bad[pos] ^= (byte) mask;
                total++;
                try {
                    SafeTensors.read("flip", bad, Backends.defaultBackend());   // e.g. a changed letter in a name
                } catch (SafeTensorsException e) {
                    assertTrue(e.getMessage().startsWith("flip: "), e.getMessage());
                    rejected++;
                } catch (Throwable t) {
                    fail("flipping bit mask " + mask + " of byte " + pos + " gave " + t, t);
                }
            }
        }
        assertTrue(rejected > total * 3 / 4, rejected + " of " + total + " rejected");
    }

    @Test
    void specificHeaderDamageIsRejected() throws IOException {
        byte[] raw = referenceFile();
        byte[] bad = raw.clone();
        bad[8] = ' ';                                   // the header must start with '{'
        assertBad(put("f", bad), "start with '{'");
        bad = raw.clone();
        bad[20] = (byte) 0xff;                          // not UTF-8
        assertBad(put("f", bad), "UTF-8");
        bad = raw.clone();
        bad[bad.length - 29] = 'x';                     // padding is whitespace, nothing else
        assertBad(put("f", bad), "JSON");
    }

    @Test
    void malformedJsonIsRejected() throws IOException {
        String entry = "{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        String[] bad = {
            "{\"a\":" + entry + ",}",                                   // trailing comma
            "{\"a\":" + entry,                                          // unterminated
            "{'a':" + entry + "}",                                      // single quotes
            "{\"a\":" + entry + "}x",                                   // trailing garbage
            "{\"a\":{\"dtype\":\"I32\",\"shape\":[01],\"data_offsets\":[0,4]}}",   // leading zero
            "{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4],}}",   // trailing comma
            "{\"a\":{\"dtype\":\"I\\x32\",\"shape\":[1],\"data_offsets\":[0,4]}}", // bad escape
            "{\"a\":{\"dtype\":\"I32\"\"shape\":[1],\"data_offsets\":[0,4]}}",     // missing comma
            "{\"a\\ud800\":" + entry + "}",                             // lone surrogate
            "{\"a\tb\":" + entry + "}",                                 // raw control character
            "{\"a\":" + entry + "}}",                                   // extra brace
            "{\"a\":NaN}",
            "{" + "[".repeat(100) + "]".repeat(100) + "}",              // too deep, and not an object entry
            "{\"a\":tru}",
        };
        for (String json : bad) {
            assertBad(header(json, 4), "JSON");
        }
    }

    @Test
    void duplicateNamesAreRejected() throws IOException {
        String e1 = "{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        String e2 = "{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]}";
        assertBad(header("{\"a\":" + e1 + ",\"a\":" + e2 + "}", 8), "duplicate key \"a\"");
        // The same name spelled with an escape is the same name.
        assertBad(header("{\"a\":" + e1 + ",\"\\u0061\":" + e2 + "}", 8), "duplicate key \"a\"");
        assertBad(header("{\"__metadata__\":{\"k\":\"v\",\"k\":\"w\"}}", 0), "duplicate key \"k\"");
    }

    @Test
    void badDtypesAreRejected() throws IOException {
        assertBad(header("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "F16 is not supported");
        assertBad(header("{\"w\":{\"dtype\":\"X32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "unknown dtype \"X32\"");
        assertBad(header("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w'", "dtype is not a string");
    }

    @Test
    void badShapesAndOffsetsAreRejected() throws IOException {
        String f32 = "{\"w\":{\"dtype\":\"F32\",\"shape\":%s,\"data_offsets\":%s}}";
        assertBad(header(String.format(f32, "[2]", "[0,4]"), 4), "tensor 'w'", "span 4 bytes", "needs 8");
        assertBad(header(String.format(f32, "[-1]", "[0,4]"), 4), "tensor 'w'", "not a non-negative integer");
        assertBad(header(String.format(f32, "[1.0]", "[0,4]"), 4), "tensor 'w'", "not a non-negative integer");
        assertBad(header(String.format(f32, "[1e0]", "[0,4]"), 4), "tensor 'w'", "not a non-negative integer");
        assertBad(header(String.format(f32, "[4294967296]", "[0,4]"), 4), "tensor 'w'", "2^31-1");
        assertBad(header(String.format(f32, "[65536,65536]", "[0,4]"), 4), "tensor 'w'", "2^31-1");
        assertBad(header(String.format(f32, "[99999999999999999999]", "[0,4]"), 4), "tensor 'w'");
        assertBad(header(String.format(f32, "2", "[0,4]"), 4), "tensor 'w'", "shape is not an array");
        assertBad(header(String.format(f32, "[1]", "[0,4,8]"), 4), "tensor 'w'", "[begin, end]");
        assertBad(header(String.format(f32, "[1]", "[4,0]"), 4), "tensor 'w'", "end before they begin");
        assertBad(header(String.format(f32, "[1]", "[4,8]"), 8), "tensor 'w'", "gap of 4 bytes");
        assertBad(header(String.format(f32, "[1]", "[0,4]"), 8), "4 unaccounted trailing bytes");
        assertBad(header(String.format(f32, "[1]", "[8,12]"), 4), "tensor 'w'", "past the end");
        assertBad(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4),
                "tensor 'w'", "exactly the keys");
        assertBad(header("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor 'w'", "exactly the keys");
        assertBad(header("{\"w\":[1]}", 4), "tensor 'w'", "not an object");
        assertBad(header("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__", "\"k\"");
        assertBad(header("{\"__metadata__\":[]}", 0), "__metadata__");
        assertBad(header("[]", 0), "a JSON object");
    }

    @Test
    void overlappingOffsetsAreRejected() throws IOException {
        String json = "{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertBad(header(json, 8), "tensor 'b'", "overlap", "'a'");
        String same = "{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertBad(header(same, 4), "overlap");
        // Empty tensors take no room: they may sit anywhere inside the tiling, even at the end.
        String empties = "{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"e\":{\"dtype\":\"F64\",\"shape\":[0,3],\"data_offsets\":[4,4]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}";
        SafeTensors.Contents c = SafeTensors.read(header(empties, 4));
        assertEquals(List.of("f", "a", "e"), List.copyOf(c.tensors().keySet()));
    }

    // ---- atomic writes -----------------------------------------------------------------------------------------

    @Test
    void aLeftOverTemporaryFileNeverReplacesAGoodFile() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Map<String, Tensor> good = sample();
        SafeTensors.write(f, good, Map.of());
        // A write that died before its rename leaves its temporary file behind, half written.
        byte[] half = Arrays.copyOf(Files.readAllBytes(f), 40);
        Path stale = dir.resolve(".ckpt.safetensors.1234abcd.tmp");
        Files.write(stale, half);
        assertSameTensors(good, SafeTensors.read(f).tensors());

        Map<String, Tensor> next = Map.of("x", Tensor.of(new float[]{9f}, 1));
        SafeTensors.write(f, next, Map.of());
        assertSameTensors(next, SafeTensors.read(f).tensors());
        assertArrayEquals(half, Files.readAllBytes(stale), "another writer's temporary file is not touched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file of ours is left");
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Map<String, Tensor> good = sample();
        SafeTensors.write(f, good, Map.of());
        byte[] before = Files.readAllBytes(f);

        Map<String, Tensor> failing = new LinkedHashMap<>();
        failing.put("ok", Tensor.of(new float[]{1, 2, 3}, 3));
        failing.put("broken", failingTensor());
        RuntimeException e = assertThrows(RuntimeException.class, () -> SafeTensors.write(f, failing, Map.of()));
        assertEquals("simulated device failure", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    /** A FLOAT32 tensor of 4 elements whose backend fails when its data is copied out (e.g. a lost device). */
    private static Tensor failingTensor() {
        Backend backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[]{Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("name")) {
                        return "failing";
                    }
                    throw new IllegalStateException("simulated device failure");
                });
        Storage storage = new Storage(backend, DType.FLOAT32, 4) {
        };
        return Tensor.wrap(storage, 4);
    }

    @Test
    void invalidNamesAreRejectedOnWrite() {
        Path f = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f,
                Map.of("__metadata__", Tensor.scalar(1)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f,
                Map.of("bad\ud800", Tensor.scalar(1)), Map.of()));
        assertTrue(Files.notExists(f));
    }
}
