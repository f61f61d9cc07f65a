package org.learnedlr.nn.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * The safetensors format (Hugging Face's, the one PyTorch checkpoints are exchanged in), written and read strictly:
 * <pre>
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   UTF-8 JSON: {"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [2, 3],
 *             "data_offsets": [begin, end]}, ...}, padded with spaces to a multiple of 8 bytes
 *   the rest  the data section: each tensor's elements, row-major, little-endian, at [begin, end) of the section
 * </pre>
 * The offsets of all tensors must tile the data section exactly: contiguous, without overlaps or gaps, the last one
 * ending at the end of the file. learnedlr reads and writes F32, F64 and I32 (its three dtypes).
 *
 * <p>Reading checks everything before allocating anything from the header's numbers: the header length against the
 * file and {@link #MAX_HEADER_BYTES}, the UTF-8 and the JSON, every entry's dtype, shape and offsets, and their
 * tiling; any problem is a {@link SafeTensorsException} naming the file and the tensor. Writing is atomic: a temporary
 * file beside the target, forced to disk, then renamed over it, so a crash leaves either the old file or the new one.
 */
public final class SafeTensors {
    /** The header key holding string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** Headers longer than this are rejected (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Safetensors dtypes that exist but that learnedlr has no dtype for. */
    private static final Set<String> UNSUPPORTED = Set.of("BOOL", "U8", "I8", "U16", "I16", "F16", "BF16", "U32",
            "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    /** One header entry: a tensor's name, dtype, shape and byte range in the data section. */
    public record Entry(String name, DType dtype, int[] shape, long begin, long end) {
        public Entry {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public int numel() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
        }
    }

    /**
     * A validated header.
     *
     * @param entries    the tensors in file order (by offset)
     * @param metadata   the string metadata (empty when there is none)
     * @param dataStart  where the data section begins in the file (8 + N)
     */
    public record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
        public Header {
            entries = List.copyOf(entries);
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /**
     * A file's contents.
     *
     * @param tensors  by name, in file order
     * @param metadata the string metadata (empty when there is none)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    // ---- names of dtypes -----------------------------------------------------------------------------------------

    /** The safetensors name of a dtype: F32, F64, I32. */
    public static String dtypeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
        };
    }

    private static DType dtypeOf(String name) {
        return switch (name) {
            case "F32" -> DType.FLOAT32;
            case "F64" -> DType.FLOAT64;
            case "I32" -> DType.INT32;
            default -> null;
        };
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /**
     * Writes tensors (in the map's order) and metadata to {@code file}, atomically: the bytes go to a temporary file
     * in the same directory, which is forced to disk and then renamed over {@code file} (an atomic move; where the
     * file system has none, a plain replacing move). On failure the temporary file is deleted and {@code file} is
     * untouched. The metadata is omitted from the header when empty.
     *
     * @throws IllegalArgumentException for a tensor named {@value #METADATA_KEY} or a name that is not valid Unicode
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "write: file");
        Objects.requireNonNull(tensors, "write: tensors");
        Objects.requireNonNull(metadata, "write: metadata");
        List<String> names = new ArrayList<>(tensors.keySet());
        List<Tensor> values = new ArrayList<>(names.size());
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            Json.writeString(json, METADATA_KEY);
            json.append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                Objects.requireNonNull(e.getKey(), "write: metadata key");
                Objects.requireNonNull(e.getValue(), "write: metadata value of " + e.getKey());
                json.append(first ? "" : ",");
                first = false;
                Json.writeString(json, e.getKey());
                json.append(':');
                Json.writeString(json, e.getValue());
            }
            json.append('}');
        }
        long offset = 0;
        for (String name : names) {
            Objects.requireNonNull(name, "write: tensor name");
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("write: " + METADATA_KEY + " cannot name a tensor");
            }
            Tensor t = Objects.requireNonNull(tensors.get(name), "write: tensor " + name);
            values.add(t);
            long bytes = (long) t.numel() * t.dtype().byteSize();
            json.append(json.length() > 1 ? "," : "");
            Json.writeString(json, name);
            json.append(":{\"dtype\":\"").append(dtypeName(t.dtype())).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i > 0 ? "," : "").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] header = encodeUtf8(json);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(header);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        Path dir = file.toAbsolutePath().getParent();
        Path tmp = createTemp(dir, file.getFileName().toString());
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(ch, head);
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : values) {
                    writeData(ch, t, buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        syncDirectory(dir);
    }

    private static byte[] encodeUtf8(CharSequence s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("write: a tensor name or metadata entry is not valid Unicode"
                    + " (unpaired surrogate)", e);
        }
    }

    /** A new, empty file ".name.random.tmp" beside the target, made with the default permissions. */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename durable where the platform allows opening a directory (POSIX); elsewhere a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here (e.g. Windows): the rename itself is still atomic.
        }
    }

    private static void writeData(FileChannel ch, Tensor t, ByteBuffer buf) throws IOException {
        int n = t.numel();
        if (n == 0) {
            return;
        }
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] a = t.toFloatArray();
                for (int at = 0; at < n; ) {
                    buf.clear();
                    int k = Math.min(n - at, CHUNK / 4);
                    buf.asFloatBuffer().put(a, at, k);
                    buf.limit(4 * k);
                    writeFully(ch, buf);
                    at += k;
                }
            }
            case FLOAT64 -> {
                double[] a = t.toDoubleArray();
                for (int at = 0; at < n; ) {
                    buf.clear();
                    int k = Math.min(n - at, CHUNK / 8);
                    buf.asDoubleBuffer().put(a, at, k);
                    buf.limit(8 * k);
                    writeFully(ch, buf);
                    at += k;
                }
            }
            case INT32 -> {
                int[] a = t.toIntArray();
                for (int at = 0; at < n; ) {
                    buf.clear();
                    int k = Math.min(n - at, CHUNK / 4);
                    buf.asIntBuffer().put(a, at, k);
                    buf.limit(4 * k);
                    writeFully(ch, buf);
                    at += k;
                }
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /** Where the bytes come from: a file channel or an array. */
    private interface Source {
        long size() throws IOException;

        /** Reads into {@code dst} from {@code position}; -1 at the end. */
        int read(ByteBuffer dst, long position) throws IOException;
    }

    private static Source of(FileChannel ch) {
        return new Source() {
            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return ch.read(dst, position);
            }
        };
    }

    private static Source of(byte[] bytes) {
        return new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public int read(ByteBuffer dst, long position) {
                if (position >= bytes.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), bytes.length - position);
                dst.put(bytes, (int) position, n);
                return n;
            }
        };
    }

    /** Reads a file onto the default backend. */
    public static Contents read(Path file) throws IOException {
        return read(file, Backends.defaultBackend());
    }

    /** Reads and validates a whole file; the tensors are made on {@code backend}. */
    public static Contents read(Path file, Backend backend) throws IOException {
        Objects.requireNonNull(backend, "read: backend");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file.toString(), of(ch), backend);
        }
    }

    /**
     * Reads and validates safetensors bytes already in memory (a resource in a jar, say); {@code source} names them
     * in error messages.
     */
    public static Contents read(String source, byte[] bytes, Backend backend) throws SafeTensorsException {
        Objects.requireNonNull(backend, "read: backend");
        try {
            return read(source, of(bytes), backend);
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafeTensorsException(source, null, e.getMessage(), e);   // unreachable: arrays do no I/O
        }
    }

    private static Contents read(String source, Source src, Backend backend) throws IOException {
        Header h = readHeader(source, src);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        long largest = h.entries().stream().mapToLong(e -> e.end() - e.begin()).max().orElse(0);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, largest)).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : h.entries()) {
            tensors.put(e.name(), readTensor(source, src, h.dataStart(), e, buf, backend));
        }
        return new Contents(tensors, h.metadata());
    }

    /** Reads and validates the header only (no tensor data is read, but the offsets are checked against the file). */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file.toString(), of(ch));
        }
    }

    private static Header readHeader(String file, Source ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new SafeTensorsException(file, null, "the file is " + size
                    + " bytes long, shorter than the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lengthBytes, 0);
        long n = lengthBytes.flip().getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafeTensorsException(file, null, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (corrupt length?)");
        }
        if (n > size - 8) {
            throw new SafeTensorsException(file, null, "header length " + n + " exceeds the " + (size - 8)
                    + " bytes that follow it (truncated file?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(file, ch, headerBytes, 8);
        headerBytes.flip();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(file, null, "the header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new SafeTensorsException(file, null,
                    "the header does not start with '{' (it must be a JSON object)");
        }
        Object json;
        try {
            json = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw new SafeTensorsException(file, null, "the header is not valid JSON: " + e.getMessage(), e);
        }
        return interpret(file, json, 8 + n, size - 8 - n);
    }

    private static Header interpret(String file, Object json, long dataStart, long dataLength)
            throws SafeTensorsException {
        if (!(json instanceof Map<?, ?> top)) {
            throw new SafeTensorsException(file, null, "the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new SafeTensorsException(file, null, METADATA_KEY + " is not an object of strings");
                }
                for (Map.Entry<?, ?> kv : m.entrySet()) {
                    if (!(kv.getValue() instanceof String v)) {
                        throw new SafeTensorsException(file, null, METADATA_KEY + " entry \"" + kv.getKey()
                                + "\" is not a string");
                    }
                    metadata.put((String) kv.getKey(), v);
                }
            } else {
                entries.add(entry(file, name, e.getValue()));
            }
        }
        // File order: by offset; an empty tensor sits before a non-empty one at the same offset.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end() > dataLength) {
                throw new SafeTensorsException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] go past the end of the " + dataLength + "-byte data section (truncated file?)");
            }
            if (e.begin() < expected) {
                throw new SafeTensorsException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap those of tensor '" + previous.name() + "' [" + previous.begin() + ", "
                        + previous.end() + "]");
            }
            if (e.begin() > expected) {
                throw new SafeTensorsException(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] leave a gap of " + (e.begin() - expected) + " bytes after offset " + expected);
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw new SafeTensorsException(file, null, "the data section is " + dataLength + " bytes but the tensors"
                    + " cover " + expected + " (" + (dataLength - expected) + " unaccounted trailing bytes)");
        }
        return new Header(entries, metadata, dataStart);
    }

    private static Entry entry(String file, String name, Object value) throws SafeTensorsException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(file, name, "the header entry is not an object");
        }
        if (!m.keySet().equals(Set.of("dtype", "shape", "data_offsets"))) {
            throw new SafeTensorsException(file, name, "the header entry must have exactly the keys dtype, shape"
                    + " and data_offsets, has " + m.keySet());
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsException(file, name, "dtype is not a string");
        }
        DType dtype = dtypeOf(dtypeName);
        if (dtype == null) {
            throw new SafeTensorsException(file, name, UNSUPPORTED.contains(dtypeName)
                    ? "dtype " + dtypeName + " is not supported (learnedlr reads F32, F64 and I32)"
                    : "unknown dtype \"" + dtypeName + "\"");
        }
        long[] shapeLong = naturals(file, name, "shape", m.get("shape"));
        int[] shape = new int[shapeLong.length];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shapeLong[i] > Integer.MAX_VALUE) {
                throw new SafeTensorsException(file, name, "shape " + Arrays.toString(shapeLong)
                        + " has a size beyond 2^31-1");
            }
            shape[i] = (int) shapeLong[i];
            numel = numel * shape[i];
            if (numel > Integer.MAX_VALUE) {
                throw new SafeTensorsException(file, name, "shape " + Arrays.toString(shapeLong)
                        + " has more than 2^31-1 elements");
            }
        }
        long[] offsets = naturals(file, name, "data_offsets", m.get("data_offsets"));
        if (offsets.length != 2) {
            throw new SafeTensorsException(file, name, "data_offsets must be [begin, end], got "
                    + Arrays.toString(offsets));
        }
        if (offsets[1] < offsets[0]) {
            throw new SafeTensorsException(file, name, "data_offsets " + Arrays.toString(offsets)
                    + " end before they begin");
        }
        long bytes = numel * dtype.byteSize();
        if (offsets[1] - offsets[0] != bytes) {
            throw new SafeTensorsException(file, name, "data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes but shape " + Arrays.toString(shape) + " of " + dtypeName
                    + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers. */
    private static long[] naturals(String file, String name, String field, Object value) throws SafeTensorsException {
        if (!(value instanceof List<?> list)) {
            throw new SafeTensorsException(file, name, field + " is not an array");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            long v = list.get(i) instanceof Json.Number num ? num.nonNegativeLong() : -1;
            if (v < 0) {
                throw new SafeTensorsException(file, name, field + " entry " + list.get(i)
                        + " is not a non-negative integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static Tensor readTensor(String file, Source ch, long dataStart, Entry e, ByteBuffer buf,
                                     Backend backend) throws IOException {
        int n = e.numel();
        int item = e.dtype().byteSize();
        long position = dataStart + e.begin();
        try {
            switch (e.dtype()) {
                case FLOAT32 -> {
                    float[] a = new float[n];
                    for (int at = 0; at < n; ) {
                        int k = Math.min(n - at, CHUNK / item);
                        fill(file, ch, buf, position, k * item);
                        buf.asFloatBuffer().get(a, at, k);
                        position += (long) k * item;
                        at += k;
                    }
                    return Tensor.of(backend, a, e.shape());
                }
                case FLOAT64 -> {
                    double[] a = new double[n];
                    for (int at = 0; at < n; ) {
                        int k = Math.min(n - at, CHUNK / item);
                        fill(file, ch, buf, position, k * item);
                        buf.asDoubleBuffer().get(a, at, k);
                        position += (long) k * item;
                        at += k;
                    }
                    return Tensor.of(backend, a, e.shape());
                }
                case INT32 -> {
                    int[] a = new int[n];
                    for (int at = 0; at < n; ) {
                        int k = Math.min(n - at, CHUNK / item);
                        fill(file, ch, buf, position, k * item);
                        buf.asIntBuffer().get(a, at, k);
                        position += (long) k * item;
                        at += k;
                    }
                    return Tensor.ofInts(backend, a, e.shape());
                }
                default -> throw new IllegalStateException(e.dtype().toString());
            }
        } catch (IllegalArgumentException ex) {
            throw new SafeTensorsException(file, e.name(), "cannot be made on backend " + backend.name() + ": "
                    + ex.getMessage(), ex);
        } catch (EOFException ex) {
            throw new SafeTensorsException(file, e.name(), "the file ended inside the tensor's data (truncated"
                    + " while being read?)", ex);
        }
    }

    /** Reads exactly {@code length} bytes at {@code position} into {@code buf}, flipped for reading. */
    private static void fill(String file, Source ch, ByteBuffer buf, long position, int length)
            throws IOException {
        buf.clear().limit(length);
        readFully(file, ch, buf, position);
        buf.flip();
    }

    private static void readFully(String file, Source ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, position);
            if (r < 0) {
                throw new EOFException(file + ": unexpected end of file at byte " + position);
            }
            position += r;
        }
    }
}
