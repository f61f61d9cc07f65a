package org.learnedlr.rl.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.learnedlr.rl.env.StepSignal;

/**
 * The demonstration file: streaming and append-only. After an 8-byte magic, each complete episode is one record:
 * a 4-byte big-endian payload length, the payload's CRC-32, and the payload (spec, outcome, every step's signals as
 * float32, every decision). A record is written with one write and forced to disk, so a killed collector leaves at
 * worst an incomplete last record, which {@link #openForAppend} cuts off; episodes already written are kept and
 * never duplicated. See docs/demonstrations.md.
 */
public final class DemoFile {
    static final byte[] MAGIC = "LLDEMO\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1);
    /** Largest payload accepted: far above a 4,000-step episode (about 200 KB). */
    static final int MAX_PAYLOAD = 64 << 20;

    private DemoFile() {
    }

    /** Every episode in the file, in file order. An incomplete last record is ignored. */
    public static List<Demonstration> readAll(Path file) throws IOException {
        return scan(file).episodes;
    }

    /** Opens a file for appending: creates it with its magic if missing, else cuts an incomplete last record. */
    public static Appender openForAppend(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, MAGIC);
        }
        Scan s = scan(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        if (s.validEnd < Files.size(file)) {
            ch.truncate(s.validEnd);
            ch.force(true);
        }
        ch.position(s.validEnd);
        return new Appender(ch, s.episodes);
    }

    /** Appends episodes, one durable record each. Not thread-safe: callers serialise {@link #append}. */
    public static final class Appender implements AutoCloseable {
        private final FileChannel channel;
        private final List<Demonstration> existing;

        private Appender(FileChannel channel, List<Demonstration> existing) {
            this.channel = channel;
            this.existing = existing;
        }

        /** The episodes that were in the file when it was opened. */
        public List<Demonstration> existing() {
            return existing;
        }

        public void append(Demonstration d) throws IOException {
            byte[] payload = encode(d);
            CRC32 crc = new CRC32();
            crc.update(payload);
            ByteBuffer buf = ByteBuffer.allocate(8 + payload.length);
            buf.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private record Scan(List<Demonstration> episodes, long validEnd) {
    }

    private static Scan scan(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length) {
            throw new IOException(file + ": not a demonstration file (" + all.length + " bytes, no header)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) {
                throw new IOException(file + ": not a demonstration file (wrong magic)");
            }
        }
        List<Demonstration> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(all);
        buf.position(MAGIC.length);
        long validEnd = MAGIC.length;
        while (buf.remaining() >= 8) {
            int at = buf.position();
            int length = buf.getInt();
            int crc = buf.getInt();
            if (length < 0 || length > MAX_PAYLOAD) {
                throw new IOException(file + ": record at byte " + at + " claims " + length + " bytes (corrupt)");
            }
            if (length > buf.remaining()) {
                break;  // incomplete last record: the writer was killed mid-write
            }
            byte[] payload = new byte[length];
            buf.get(payload);
            CRC32 c = new CRC32();
            c.update(payload);
            if ((int) c.getValue() != crc) {
                throw new IOException(file + ": record at byte " + at + " fails its checksum (corrupt)");
            }
            try {
                out.add(decode(payload));
            } catch (IOException | RuntimeException e) {
                throw new IOException(file + ": record at byte " + at + " cannot be decoded: " + e.getMessage(), e);
            }
            validEnd = buf.position();
        }
        return new Scan(out, validEnd);
    }

    static byte[] encode(Demonstration d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + d.signals().size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(d.key());
            out.writeUTF(d.expert());
            EpisodeSpec e = d.episode();
            out.writeUTF(e.trainee());
            out.writeUTF(e.optimizer());
            out.writeDouble(e.eta0());
            out.writeInt(e.steps());
            out.writeInt(e.batchSize());
            out.writeInt(e.validationBatchSize());
            out.writeLong(e.seed());
            out.writeInt(e.decisionInterval());
            out.writeInt(e.validationInterval());
            out.writeInt(e.window());
            out.writeInt(e.patchSize());
            out.writeInt(e.buckets());
            out.writeBoolean(e.absoluteGlobals());
            out.writeDouble(e.maxLogChange());
            out.writeDouble(e.bandLow());
            out.writeDouble(e.bandHigh());
            Demonstration.Outcome o = d.outcome();
            out.writeBoolean(o.diverged());
            out.writeDouble(o.testLoss());
            out.writeDouble(o.testAccuracy());
            out.writeDouble(o.seconds());
            out.writeInt(d.signals().size());
            for (StepSignal s : d.signals()) {
                out.writeFloat((float) s.trainLoss());
                out.writeFloat((float) s.validationLoss());
                out.writeFloat((float) s.lr());
                for (double g : s.logGradBuckets()) {
                    out.writeFloat((float) g);
                }
            }
            out.writeInt(d.decisions().size());
            for (Demonstration.Decision x : d.decisions()) {
                out.writeLong(x.step());
                out.writeDouble(x.action());
                out.writeDouble(x.lr());
            }
        }
        return bytes.toByteArray();
    }

    static Demonstration decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            String key = in.readUTF();
            String expert = in.readUTF();
            EpisodeSpec e = new EpisodeSpec(in.readUTF(), in.readUTF(), in.readDouble(), in.readInt(), in.readInt(),
                    in.readInt(), in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readBoolean(), in.readDouble(), in.readDouble(), in.readDouble());
            Demonstration.Outcome o = new Demonstration.Outcome(in.readBoolean(), in.readDouble(), in.readDouble(),
                    in.readDouble());
            int g = e.buckets();
            int n = checkedCount(in.readInt(), payload.length, 4 * (3 + g), "steps");
            List<StepSignal> signals = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
                double loss = in.readFloat();
                double val = in.readFloat();
                double lr = in.readFloat();
                double[] grads = new double[g];
                for (int b = 0; b < g; b++) {
                    grads[b] = in.readFloat();
                }
                signals.add(new StepSignal(loss, val, lr, grads));
            }
            int m = checkedCount(in.readInt(), payload.length, 24, "decisions");
            List<Demonstration.Decision> decisions = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                decisions.add(new Demonstration.Decision(in.readLong(), in.readDouble(), in.readDouble()));
            }
            if (in.available() != 0) {
                throw new IOException(in.available() + " trailing bytes");
            }
            return new Demonstration(key, expert, e, signals, decisions, o);
        } catch (EOFException eof) {
            throw new IOException("payload ends early", eof);
        }
    }

    private static int checkedCount(int n, int payloadBytes, int bytesEach, String what) throws IOException {
        if (n < 0 || (long) n * bytesEach > payloadBytes) {
            throw new IOException("implausible count of " + what + ": " + n);
        }
        return n;
    }
}
