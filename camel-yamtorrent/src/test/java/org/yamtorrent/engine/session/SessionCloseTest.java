package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/**
 * Closing a session with many torrents saves every one's resume record ({@code -Dyamtorrent.close.torrents=N}; 200
 * in the suite), and a session opened afterwards trusts all of them: each file has one byte flipped with its size
 * and modification time kept, which a re-hash would notice (the torrent would download instead of seed).
 */
@Timeout(180)
class SessionCloseTest {

    private static final int TORRENTS = Integer.getInteger("yamtorrent.close.torrents", 200);

    @TempDir
    Path tmp;

    @Test
    void closeSavesEveryResumeRecordAndAReopenedSessionTrustsThemAll() throws Exception {
        List<Metainfo> torrents = new ArrayList<>();
        for (int i = 0; i < TORRENTS; i++) {
            byte[] data = TestTorrents.randomBytes(16 * 1024 + i, i);
            Metainfo m = TestTorrents.singleFile("t" + i + ".bin", data, 16 * 1024);
            Files.write(Files.createDirectories(tmp.resolve("data")).resolve(m.name()), data);
            torrents.add(m);
        }
        Path resume = tmp.resolve("resume");
        Session first = Session.open(Swarms.config(resume));
        try {
            for (Metainfo m : torrents) {
                first.add(m, tmp.resolve("data"), new TorrentOptions().seedForever());
            }
            for (TorrentHandle t : first.torrents()) {
                t.completion().get(60, TimeUnit.SECONDS);
            }
        } finally {
            long t0 = System.nanoTime();
            first.close();
            System.out.printf("session with %d torrents closed in %.1f s%n", TORRENTS, (System.nanoTime() - t0) / 1e9);
        }
        try (Stream<Path> records = Files.list(resume)) {
            assertEquals(TORRENTS, records.filter(p -> p.toString().endsWith(".resume")).count(),
                    "a resume record per torrent after close");
        }
        for (Metainfo m : torrents) {
            flipFirstByteKeepingTime(tmp.resolve("data").resolve(m.name()));
        }
        long t1 = System.nanoTime();
        try (Session second = Session.open(Swarms.config(resume))) {
            List<TorrentHandle> reopened = new ArrayList<>();
            for (Metainfo m : torrents) {
                reopened.add(second.add(m, tmp.resolve("data"), new TorrentOptions().seedForever()));
            }
            Swarms.waitFor(() -> reopened.stream().noneMatch(t -> t.state() == TorrentState.CHECKING),
                    Duration.ofSeconds(60), "every torrent checked");
            System.out.printf("a new session resumed %d torrents from their records in %.1f s%n", TORRENTS,
                    (System.nanoTime() - t1) / 1e9);
            assertEquals(TORRENTS, reopened.stream().filter(t -> t.state() == TorrentState.SEEDING).count(),
                    "every torrent seeds from its record (a re-hash would have found the flipped byte)");
        }
    }

    private static void flipFirstByteKeepingTime(Path file) throws Exception {
        FileTime modified = Files.getLastModifiedTime(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            int b = f.read();
            f.seek(0);
            f.write(~b);
        }
        Files.setLastModifiedTime(file, modified);
    }
}
