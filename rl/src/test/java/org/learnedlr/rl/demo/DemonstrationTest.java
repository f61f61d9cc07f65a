package org.learnedlr.rl.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.ObservationBuilder;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.schedule.Catalog;

class DemonstrationTest {
    @TempDir
    Path dir;

    private static DemoGrid.Entry entry(String expert, double eta0, long seed) {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, eta0, 48, 32, 32, seed);
        return new DemoGrid.Entry(expert, EnvConfig.learned(run));
    }

    private static Demonstration run(DemoGrid.Entry e, List<Observation> live) {
        RunConfig r = e.config().run();
        return ExpertEpisode.run(e.key(), e.expert(), Catalog.byName(e.expert(), r.eta0(), r.steps()), e.config(),
                TestData.mnist(), live::add);
    }

    @Test
    void storedEpisodeRebuildsTheLiveObservationsBitForBitAndReplaysItsLrs() throws IOException {
        DemoGrid.Entry e = entry("linear-warmup", 0.1, 0);
        List<Observation> live = new ArrayList<>();
        Demonstration d = run(e, live);
        Path file = dir.resolve("demos.bin");
        try (DemoFile.Appender a = DemoFile.openForAppend(file)) {
            a.append(d);
        }
        Demonstration back = DemoFile.readAll(file).get(0);
        assertEquals(d.key(), back.key());
        assertEquals(48, back.signals().size());
        assertEquals(3, back.decisions().size());

        // Observations rebuilt from the stored signals equal those the expert saw live.
        ObservationBuilder builder = e.config().observationBuilder();
        SignalHistory full = back.history();
        double lr = back.episode().eta0();
        for (int i = 0; i < back.decisions().size(); i++) {
            Demonstration.Decision dec = back.decisions().get(i);
            SignalHistory prefix = new SignalHistory(full.buckets(), full.referenceSteps());
            for (int t = 0; t < dec.step(); t++) {
                prefix.add(full.get(t));
            }
            Observation rebuilt = builder.build(prefix, back.episode().eta0(), back.episode().steps(), lr,
                    back.episode().optimizerFamily());
            assertArrayEquals(live.get(i).patches(), rebuilt.patches(), "patches at decision " + i);
            assertArrayEquals(live.get(i).patchMask(), rebuilt.patchMask());
            assertArrayEquals(live.get(i).globals(), rebuilt.globals(), "globals at decision " + i);
            lr = dec.lr();
        }

        // Replaying the decisions reproduces the LR sequence exactly.
        ActionSpace space = back.episode().toEnvConfig().actions();
        double replay = back.episode().eta0();
        for (Demonstration.Decision dec : back.decisions()) {
            replay = space.apply(replay, dec.action(), back.episode().eta0());
            assertEquals(dec.lr(), replay, 0.0);
            for (long t = dec.step(); t < Math.min(dec.step() + 16, 48); t++) {
                assertEquals((float) replay, (float) back.signals().get((int) t).lr(), 0.0f);
            }
        }
        // The warm-up expert starts a hundredfold below eta0.
        assertEquals(0.1 / 100, back.decisions().get(0).lr(), 1e-12);
    }

    @Test
    void collectionResumesAfterAKillWithoutLosingOrDuplicating() throws IOException {
        Path file = dir.resolve("grid.bin");
        List<DemoGrid.Entry> grid = List.of(entry("cosine", 0.05, 0), entry("polynomial", 0.05, 1),
                entry("cosine", 0.05, 2));
        DemoCollector collector = new DemoCollector(TestData.mnist(), 1);
        assertEquals(2, collector.collect(file, grid.subList(0, 2), d -> { }));
        // Simulate a kill in the middle of writing a third record.
        long good = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{0, 0, 1, 0, 9, 9, 9, 9, 1, 2, 3}));
        }
        assertEquals(2, DemoFile.readAll(file).size());
        List<String> seen = new ArrayList<>();
        assertEquals(1, collector.collect(file, grid, d -> seen.add(d.key())));
        assertEquals(List.of(grid.get(2).key()), seen);
        List<Demonstration> all = DemoFile.readAll(file);
        assertEquals(3, all.size());
        assertEquals(grid.get(0).key(), all.get(0).key());
        assertEquals(grid.get(2).key(), all.get(2).key());
        assertTrue(Files.size(file) > good);
        assertEquals(0, collector.collect(file, grid, d -> { }));
        // Each episode is a pure function of its entry: re-running one gives the same signals.
        Demonstration again = run(grid.get(0), new ArrayList<>());
        assertEquals(all.get(0).signals().get(47).trainLoss(), again.signals().get(47).trainLoss(), 0.0);
        assertFalse(all.get(0).outcome().diverged());
    }

    @Test
    void corruptionIsAClearError() throws IOException {
        Path file = dir.resolve("bad.bin");
        Files.write(file, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertTrue(assertThrows(IOException.class, () -> DemoFile.readAll(file)).getMessage().contains("magic"));
        Path good = dir.resolve("crc.bin");
        try (DemoFile.Appender a = DemoFile.openForAppend(good)) {
            a.append(run(entry("cosine", 0.05, 3), new ArrayList<>()));
        }
        byte[] bytes = Files.readAllBytes(good);
        bytes[bytes.length - 5] ^= 0x40;
        Files.write(good, bytes);
        IOException e = assertThrows(IOException.class, () -> DemoFile.readAll(good));
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains(good.toString()), e.getMessage());
    }
}
