package org.yamtorrent.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/**
 * Many torrents' storages under one {@link OpenFileBudget}: however many have been read, no more files than the cap
 * stay open (counted by the budget and by the process's own descriptors), and an evicted file reads again on demand,
 * also while other threads read and evict concurrently.
 */
@Timeout(60)
class OpenFileBudgetTest {

    private static final int TORRENTS = 40;
    private static final int CAP = 8;

    @TempDir
    Path tmp;

    @Test
    void idleTorrentsHoldNoMoreFilesThanTheCap() throws Exception {
        OpenFileBudget budget = new OpenFileBudget(CAP);
        List<Storage> storages = storages(budget);
        long before = openDescriptors();
        try {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < TORRENTS; i++) {
                    assertArrayEquals(data(i), read(storages.get(i)), "torrent " + i + " reads back after evictions");
                    assertTrue(budget.openFiles() <= CAP, "open files " + budget.openFiles());
                }
            }
            assertEquals(CAP, budget.openFiles());
            long held = openDescriptors() - before;
            assertTrue(held <= CAP, "the process holds " + held + " more descriptors, not one per torrent");
        } finally {
            storages.forEach(Storage::close);
        }
        assertEquals(0, budget.openFiles(), "closing every storage gives every file back");
    }

    @Test
    void concurrentReadersAndEvictionsNeverCutAReadShort() throws Exception {
        OpenFileBudget budget = new OpenFileBudget(2);
        List<Storage> storages = storages(budget);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                runs.add(pool.submit(() -> {
                    for (int k = 0; k < 200; k++) {
                        int i = (k * 7 + offset) % TORRENTS;
                        assertArrayEquals(data(i), read(storages.get(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(50, TimeUnit.SECONDS);
            }
            assertTrue(budget.openFiles() <= 2);
        } finally {
            pool.shutdownNow();
            storages.forEach(Storage::close);
        }
    }

    private List<Storage> storages(OpenFileBudget budget) throws Exception {
        List<Storage> storages = new ArrayList<>();
        for (int i = 0; i < TORRENTS; i++) {
            Metainfo m = TestTorrents.singleFile("t" + i + ".bin", data(i), 16 * 1024);
            Path dir = Files.createDirectories(tmp.resolve("t" + i));
            Files.write(dir.resolve("t" + i + ".bin"), data(i));
            storages.add(new Storage(new TargetDirectory(dir), m.geometry(), 4, budget, dir.resolve(".parts")));
        }
        return storages;
    }

    private static byte[] data(int i) {
        return TestTorrents.randomBytes(20_000 + i, i);
    }

    private static byte[] read(Storage s) {
        ByteBuffer b = ByteBuffer.allocate((int) s.layout().totalLength());
        s.read(0, b);
        return b.array();
    }

    private static long openDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
