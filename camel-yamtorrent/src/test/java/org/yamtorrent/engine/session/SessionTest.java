package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

@Timeout(120)
class SessionTest {

    @TempDir
    Path tmp;

    @Test
    void leecherDownloadsFromSeederGivenAsStaticPeer() throws Exception {
        byte[] data = TestTorrents.randomBytes(5 * 1024 * 1024 + 123, 1);
        Metainfo m = TestTorrents.singleFile("single.bin", data, 256 * 1024);
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/single.bin"), data);
        try (Session seeder = Session.open(Swarms.config(tmp.resolve("r1")));
             Session leecher = Session.open(Swarms.config(tmp.resolve("r2")))) {
            TorrentHandle seed = seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever());
            seed.completion().get(30, TimeUnit.SECONDS);
            AtomicInteger files = new AtomicInteger();
            TorrentHandle leech = leecher.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .addStaticPeer(Swarms.local(seeder))
                    .addListener(new TorrentListener() {
                        @Override
                        public void fileCompleted(TorrentHandle t, int index, FileEntry f) {
                            files.incrementAndGet();
                        }
                    }));
            leech.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/single.bin")));
            assertEquals(1, files.get());
            assertEquals(100.0, leech.progress().percent());
            assertTrue(seed.progress().uploaded() >= data.length, "the seeder uploaded the payload");
            Swarms.waitFor(() -> leech.state() == TorrentState.STOPPED, Duration.ofSeconds(30), "seed time 0 stops the leecher at once");
        }
    }

    @Test
    void multiFileWithEmptyAndSpanningFiles() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a/one.bin", TestTorrents.randomBytes(300_000, 2));
        files.put("empty.txt", new byte[0]);
        files.put("a/b/two.bin", TestTorrents.randomBytes(17, 3));
        files.put("three.bin", TestTorrents.randomBytes(1_000_000, 4));
        Metainfo m = TestTorrents.multiFile("multi", files, 64 * 1024);
        Swarms.writePayload(m, files, tmp.resolve("seed"));
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
            leecher.add(m, tmp.resolve("leech"), new TorrentOptions().addStaticPeer(Swarms.local(seeder)))
                    .completion().get(60, TimeUnit.SECONDS);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(tmp.resolve("leech/multi/" + e.getKey())), e.getKey());
            }
        }
    }

    @Test
    void pauseKeepsVerifiedPiecesAndResumeFinishes() throws Exception {
        byte[] data = TestTorrents.randomBytes(8 * 1024 * 1024, 5);
        Metainfo m = TestTorrents.singleFile("p.bin", data, 64 * 1024);
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/p.bin"), data);
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(tmp.resolve("resume")))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
            CountDownLatch some = new CountDownLatch(10);
            TorrentHandle leech = leecher.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .addStaticPeer(Swarms.local(seeder))
                    .addListener(new TorrentListener() {
                        @Override
                        public void pieceVerified(TorrentHandle t, int piece) {
                            some.countDown();
                        }
                    }));
            assertTrue(some.await(60, TimeUnit.SECONDS));
            leech.pause();
            assertEquals(TorrentState.PAUSED, leech.state());
            int kept = leech.progress().verifiedPieces();
            assertTrue(kept >= 10);
            long before = leech.progress().downloaded();
            leech.resume();
            leech.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/p.bin")));
            long again = leech.progress().downloaded() - before;
            long missing = data.length - (long) kept * m.pieceLength();
            assertTrue(again <= missing + 16L * m.pieceLength(),
                    "after resume only missing pieces are fetched: " + again + " bytes for " + missing + " missing");
        }
    }

    @Test
    void restartedSessionResumesFromItsRecord() throws Exception {
        byte[] data = TestTorrents.randomBytes(8 * 1024 * 1024, 6);
        Metainfo m = TestTorrents.singleFile("r.bin", data, 64 * 1024);
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/r.bin"), data);
        try (Session seeder = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
            int kept;
            try (Session first = Session.open(Swarms.config(tmp.resolve("resume")))) {
                CountDownLatch some = new CountDownLatch(20);
                first.add(m, tmp.resolve("leech"), new TorrentOptions().addStaticPeer(Swarms.local(seeder))
                        .addListener(new TorrentListener() {
                            @Override
                            public void pieceVerified(TorrentHandle t, int piece) {
                                some.countDown();
                            }
                        }));
                assertTrue(some.await(60, TimeUnit.SECONDS));
            }
            assertTrue(Files.exists(tmp.resolve("resume/" + m.infoHash().hex() + ".resume")));
            try (Session second = Session.open(Swarms.config(tmp.resolve("resume")))) {
                // the seeder joins only after counting what the record kept: new peers are dialled at once
                TorrentHandle t = second.add(m, tmp.resolve("leech"), new TorrentOptions());
                Swarms.waitFor(() -> t.state() != TorrentState.CHECKING, Duration.ofSeconds(30), "resume check ends");
                kept = t.progress().verifiedPieces();
                assertTrue(kept >= 20, "verified pieces survive the restart: " + kept);
                t.addPeers(List.of(Swarms.local(seeder)));
                t.completion().get(60, TimeUnit.SECONDS);
                long missing = data.length - (long) kept * m.pieceLength();
                assertTrue(t.progress().downloaded() <= missing + 16L * m.pieceLength());
            }
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/r.bin")));
        }
    }

    @Test
    void sameTorrentTwiceIsRefusedAndStopFailsCompletion() throws Exception {
        Metainfo m = TestTorrents.singleFile("x.bin", TestTorrents.randomBytes(100_000, 7), 16 * 1024);
        try (Session s = Session.open(Swarms.config(null))) {
            TorrentHandle t = s.add(m, tmp.resolve("x"), new TorrentOptions());
            assertTrue(assertThrows(TorrentException.class, () -> s.add(m, tmp.resolve("y"), new TorrentOptions()))
                    .getMessage().contains("already in the session"));
            t.stop();
            ExecutionException e = assertThrows(ExecutionException.class, () -> t.completion().get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("stopped before it completed"));
            assertEquals(TorrentState.STOPPED, t.state());
            assertTrue(s.torrents().isEmpty());
        }
    }
}
