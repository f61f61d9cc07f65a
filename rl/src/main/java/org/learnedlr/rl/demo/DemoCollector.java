package org.learnedlr.rl.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.schedule.Catalog;

/**
 * Collects expert demonstrations over a grid into one append-only file, resumably: episodes already in the file
 * are skipped, each finished episode is appended durably as soon as it ends, and a killed collection continues
 * where it stopped without losing or duplicating an episode. Episodes run on {@code workers} threads; each is a
 * pure function of its grid entry, so the file's contents do not depend on the number of workers (only their
 * order does).
 */
public final class DemoCollector {
    private final MnistSplits data;
    private final int workers;

    public DemoCollector(MnistSplits data, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: must be at least 1, got " + workers);
        }
        this.data = data;
        this.workers = workers;
    }

    /**
     * Runs every entry of {@code grid} not yet in {@code file}; {@code progress} hears of each finished episode.
     *
     * @return the number of episodes run now
     */
    public int collect(Path file, List<DemoGrid.Entry> grid, Consumer<Demonstration> progress) throws IOException {
        try (DemoFile.Appender out = DemoFile.openForAppend(file)) {
            Set<String> done = new HashSet<>();
            for (Demonstration d : out.existing()) {
                done.add(d.key());
            }
            List<DemoGrid.Entry> todo = new ArrayList<>();
            for (DemoGrid.Entry e : grid) {
                if (!done.contains(e.key())) {
                    todo.add(e);
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (DemoGrid.Entry e : todo) {
                    futures.add(pool.submit(() -> {
                        RunConfig r = e.config().run();
                        Demonstration d = ExpertEpisode.run(e.key(), e.expert(),
                                Catalog.byName(e.expert(), e.scheduleEta0(), r.steps()), e.config(), data);
                        synchronized (out) {
                            try {
                                out.append(d);
                            } catch (IOException io) {
                                throw new UncheckedIOException(io);
                            }
                        }
                        progress.accept(d);
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IOException("demonstration collection interrupted", ie);
            } catch (ExecutionException ee) {
                Throwable c = ee.getCause();
                if (c instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw new IOException("an episode failed: " + c, c);
            } finally {
                pool.shutdownNow();
            }
            return todo.size();
        }
    }
}
