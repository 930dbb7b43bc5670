package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/** Starts the real application jar as a separate process and feeds it a torrent through its drop folder. */
@Timeout(180)
class ApplicationIT {

    @TempDir
    Path tmp;

    @Test
    void theAppDownloadsADroppedTorrentIntoItsOutFolder() throws Exception {
        byte[] data = new byte[20 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Path source = tmp.resolve("seed/payload.bin");
        Files.createDirectories(source.getParent());
        Files.write(source, data);
        try (EmbeddedTracker tracker = EmbeddedTracker.start();
             Session seeder = Session.open(new SessionConfig().listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)))) {
            byte[] torrent = TorrentCreator.of(source).announce(tracker.announceUrl().toString()).create().bytes();
            seeder.add(MetainfoReader.read(torrent), source.getParent(), new TorrentOptions().seedForever())
                    .completion().get(30, TimeUnit.SECONDS);

            Path out = tmp.resolve("out");
            try (AppProcess app = AppProcess.start(tmp, "download.yaml")) {
                Path drop = tmp.resolve("drop");
                Files.createDirectories(drop);
                Files.write(tmp.resolve("payload.torrent.tmp"), torrent);
                Files.move(tmp.resolve("payload.torrent.tmp"), drop.resolve("payload.torrent"));
                Path result = out.resolve("payload.bin");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!(Files.exists(drop.resolve(".done/payload.torrent")) && Files.exists(result))) {
                    assertTrue(app.isAlive(), () -> "the app exited early:\n" + app.log());
                    assertTrue(System.nanoTime() < end, () -> "no download within 120 s:\n" + app.log());
                    Thread.sleep(100);
                }
                assertArrayEquals(data, Files.readAllBytes(result));
                assertTrue(app.log().contains("verified payload.bin"), app::log);
            }
        }
    }

    /** Started in an empty directory with no settings at all, the app uses its built-in route and folders. */
    @Test
    void theAppRunsFromAnyDirectoryOnItsDefaults() throws Exception {
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            byte[] data = origin.payload("anywhere.bin", 3 * 1024 * 1024 + 5, 9);
            byte[] torrent = origin.torrent("anywhere.bin", 256 * 1024);
            origin.seed(torrent);
            Path home = tmp.resolve("elsewhere");
            try (AppProcess app = AppProcess.launch(home, List.of())) {
                app.await("the drop folder", 60, () -> Files.isDirectory(home.resolve("drop")));
                Files.write(home.resolve("anywhere.torrent.tmp"), torrent);
                Files.move(home.resolve("anywhere.torrent.tmp"), home.resolve("drop/anywhere.torrent"));
                Path result = home.resolve("downloads/anywhere.bin");
                app.await("the download", 120, () -> Files.exists(home.resolve("drop/.done/anywhere.torrent")));
                assertArrayEquals(data, Files.readAllBytes(result));
                assertTrue(app.log().contains("Started download (torrent://download)"), app::log);
            }
        }
    }

    /** A route pattern that matches nothing ends the app with one line naming what was looked for, no stack trace. */
    @Test
    void aRoutePatternThatMatchesNothingSaysWhatWasLookedFor() throws Exception {
        Path home = tmp.resolve("nothing");
        try (AppProcess app = AppProcess.launch(home,
                List.of("-Dcamel.main.routes-include-pattern=file:missing/*.yaml,file:gone.yaml"))) {
            assertEquals(1, app.exitCode(60), app::log);
            String log = app.log();
            assertEquals(1, app.count("No route file to load"), log);
            assertTrue(log.contains("files matching " + home.resolve("missing/*.yaml")), log);
            assertTrue(log.contains("the file " + home.resolve("gone.yaml")), log);
            assertFalse(log.contains("Exception") || log.contains("\tat "), log);
        }
    }

    /**
     * kill -9 mid-download, then a restart: the download completes bit-exact, the pieces verified before the kill
     * are not fetched again, and nothing was handed on before it was complete.
     */
    @Test
    void aKilledAppResumesWithoutRefetchingVerifiedPieces() throws Exception {
        int piece = 256 * 1024;
        byte[] data = new byte[64 * piece];
        new Random(8).nextBytes(data);
        Path source = tmp.resolve("seed/resume.bin");
        Files.createDirectories(source.getParent());
        Files.write(source, data);
        try (EmbeddedTracker tracker = EmbeddedTracker.start();
             Session seeder = Session.open(new SessionConfig().listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)))) {
            byte[] torrent = TorrentCreator.of(source).pieceLength(piece).announce(tracker.announceUrl().toString())
                    .create().bytes();
            // The seeder first has only the first half, so the app stops there, deterministically.
            byte[] half = data.clone();
            java.util.Arrays.fill(half, data.length / 2, data.length, (byte) 0);
            Files.write(source, half);
            TorrentHandle partial = seeder.add(MetainfoReader.read(torrent), source.getParent(),
                    new TorrentOptions().seedForever());
            Path drop = Files.createDirectories(tmp.resolve("drop"));
            Files.write(drop.resolve("resume.torrent"), torrent);

            AppProcess first = AppProcess.start(tmp, "download.yaml");
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (partial.progress().uploaded() < data.length / 2) {
                    assertTrue(first.isAlive() && System.nanoTime() < end, () -> "first half not fetched:\n" + first.log());
                    Thread.sleep(50);
                }
                // kill only once the first half is on the app's disk (its writes lag the network under load)
                Path partialFile = tmp.resolve("work/resume.bin");
                while (!firstHalfWritten(partialFile, data)) {
                    assertTrue(first.isAlive() && System.nanoTime() < end, () -> "first half not written:\n" + first.log());
                    Thread.sleep(50);
                }
            } finally {
                first.kill(); // no shutdown hook, no resume record saved
            }
            assertFalse(Files.exists(tmp.resolve("out/resume.bin")), "nothing handed on before completion");
            assertTrue(Files.exists(drop.resolve("resume.torrent")), "the job stays in the drop folder");

            partial.stop();
            Files.write(source, data);
            TorrentHandle full = seeder.add(MetainfoReader.read(torrent), source.getParent(), new TorrentOptions().seedForever());
            full.completion().get(30, TimeUnit.SECONDS);

            try (AppProcess second = AppProcess.start(tmp, "download.yaml")) {
                Path result = tmp.resolve("out/resume.bin");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(drop.resolve(".done/resume.torrent"))) {
                    assertTrue(second.isAlive() && System.nanoTime() < end, () -> "no resume:\n" + second.log());
                    Thread.sleep(100);
                }
                assertArrayEquals(data, Files.readAllBytes(result));
                long refetched = full.progress().uploaded();
                assertTrue(refetched <= data.length / 2 + 2L * piece,
                        () -> "after the restart only the missing half is fetched: " + refetched + " bytes\n" + second.log());
            }
        }
    }

    private static boolean firstHalfWritten(Path file, byte[] data) throws java.io.IOException {
        if (!Files.exists(file) || Files.size(file) < data.length / 2) {
            return false;
        }
        byte[] onDisk = new byte[data.length / 2];
        try (var in = Files.newInputStream(file)) {
            in.readNBytes(onDisk, 0, onDisk.length);
        }
        return java.util.Arrays.equals(onDisk, 0, onDisk.length, data, 0, onDisk.length);
    }
}
