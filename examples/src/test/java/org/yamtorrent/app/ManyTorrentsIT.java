package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * One application seeds many small torrents through routes/seed.yaml (200 in the suite, {@code -Dyamtorrent.many=N}
 * sets the number; examples/bench/load.sh runs 1,000). It is started once to check every torrent and write their
 * resume records, then again to time a start-up from the records. The test prints the start-up time, RSS, threads
 * and open file descriptors of the second run, and asserts what must hold: every torrent seeds again from its record
 * without a full check, the app holds no more payload files open than the engine's session-wide cap
 * ({@value #MAX_OPEN_FILES}, below the number of torrents, so a descriptor per idle torrent fails), and a leecher
 * gets one of them bit-exact.
 */
@Timeout(1800)
class ManyTorrentsIT {

    private static final int TORRENTS = Integer.getInteger("yamtorrent.many", 200);
    private static final int SIZE = 16 * 1024;
    /** The engine's default cap on payload files open at once (yamtorrent.maxOpenFiles). */
    private static final int MAX_OPEN_FILES = 128;

    @TempDir
    Path tmp;

    @Test
    void oneAppSeedsAThousandTorrentsWithoutAFilePerTorrent() throws Exception {
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            Path torrents = Files.createDirectories(tmp.resolve("app/seed/torrents"));
            Path data = Files.createDirectories(tmp.resolve("app/seed/data"));
            List<byte[]> files = new ArrayList<>();
            for (int i = 0; i < TORRENTS; i++) {
                String name = "t" + i + ".bin";
                files.add(origin.payload(name, SIZE + i, i));
                byte[] torrent = origin.torrent(name, SIZE);
                Files.move(tmp.resolve("origin").resolve(name), data.resolve(name));
                Files.write(torrents.resolve(name + ".torrent"), torrent);
            }
            Map<String, String> props = Map.of("yamtorrent.seed.torrents", torrents.toString(),
                    "yamtorrent.seed.data", data.toString());
            // first run: every torrent is checked and gets its resume record
            AppProcess first = AppProcess.start(tmp.resolve("app"), "seed.yaml", props);
            try {
                first.await(TORRENTS + " torrents seeding", 300 + TORRENTS / 2, () -> first.count("seeding t") == TORRENTS);
                // each torrent's data was read for its check: without the engine's cap, a descriptor each
                long payload = first.openFilesBelow(data);
                System.out.printf("%d torrents checked in full and seeding: %d open file descriptors, %d of them on"
                        + " payload files%n", TORRENTS, first.openFiles(), payload);
                assertPayloadFilesCapped(payload, "after checking");
            } finally {
                // a thousand records to write and stopped announces to send: close waits while they progress, which
                // can take a minute on a busy machine
                first.stop(120);
                first.close();
            }
            long records;
            try (var r = Files.list(data.resolve(".yamtorrent/resume"))) {
                records = r.count();
            }
            assertEquals(TORRENTS, records, "one resume record per torrent");

            Files.move(tmp.resolve("app/app.log"), tmp.resolve("app/first-run.log"));
            long t0 = System.nanoTime();
            AppProcess second = AppProcess.start(tmp.resolve("app"), "seed.yaml", props);
            try {
                second.await(TORRENTS + " torrents seeding again", 300 + TORRENTS / 2, () -> second.count("seeding t") == TORRENTS);
                double startup = (System.nanoTime() - t0) / 1e9;
                assertPayloadFilesCapped(second.openFilesBelow(data), "with every torrent idle");

                int pick = TORRENTS * 7 / 10;
                Metainfo m = MetainfoReader.read(Files.readAllBytes(torrents.resolve("t" + pick + ".bin.torrent")));
                try (Session leecher = Session.open(new SessionConfig().listenAddress(
                        java.net.InetAddress.getLoopbackAddress()).listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)))) {
                    TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions());
                    t.completion().get(120, TimeUnit.SECONDS);
                }
                assertArrayEquals(files.get(pick), Files.readAllBytes(tmp.resolve("leech/t" + pick + ".bin")));
                assertPayloadFilesCapped(second.openFilesBelow(data), "after serving a leecher");
                // sampled once the app has announced and served: what it holds while seeding, not while starting
                System.out.printf("%d torrents: start-up from resume records %.1f s, RSS %d MiB, %d threads, %d open"
                        + " file descriptors%n", TORRENTS, startup, second.status("VmRSS") / 1024,
                        second.status("Threads"), second.openFiles());
            } finally {
                second.close();
            }
            assertEquals(TORRENTS, second.count("resume record trusted"), "every torrent resumed from its record");
            assertEquals(0, second.count("full check"), "no torrent checked its data in full again");
        }
    }

    private static void assertPayloadFilesCapped(long payload, String when) {
        assertTrue(TORRENTS > MAX_OPEN_FILES, "too few torrents (" + TORRENTS + ") to tell the cap from a file each");
        assertTrue(payload <= MAX_OPEN_FILES, payload + " payload files open " + when + " " + TORRENTS
                + " torrents: the engine keeps files open per torrent");
    }
}
