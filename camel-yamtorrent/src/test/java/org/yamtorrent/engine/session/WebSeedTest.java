package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.metainfo.TorrentCreator.MetaVersion;
import org.yamtorrent.engine.webseed.RangeServer;
import org.yamtorrent.engine.webseed.WebSeed;

/**
 * Web seeds (BEP 19) against the JDK's HTTP server on 127.0.0.1 with byte ranges: a torrent whose only source is
 * the server (single file; multi-file with names that need percent-encoding, an empty file and pieces spanning
 * files, as v1, hybrid and v2), a web seed and a peer sharing a download, a seed that lies (dropped, another
 * completes) and one that dies mid-download (backs off, a peer completes). Every payload is compared bit for bit.
 */
@Timeout(120)
class WebSeedTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aSingleFileComesFromTheWebSeedAlone() throws Exception {
        Path file = tmp.resolve("www/solo.bin");
        Swarms.writeRandomFile(file, 3L * MIB + 1_234, 41);
        try (RangeServer server = RangeServer.serving(tmp.resolve("www"));
             Session leecher = Session.open(Swarms.config(null))) {
            Metainfo m = torrent(file, MetaVersion.V1, List.of(server.url("solo.bin")));
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.completion().get(60, TimeUnit.SECONDS);
            assertEquals(-1L, Files.mismatch(file, tmp.resolve("leech/solo.bin")));
            WebSeed seed = t.webSeeds().get(0);
            assertEquals(m.totalLength(), seed.downloaded(), "every byte came from the web seed, once");
            assertTrue(server.ranges() >= 4, "in ranges of about a MiB: " + server.ranges());
            assertTrue(t.peers().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(MetaVersion.class)
    void aMultiFileTorrentComesFromTheWebSeedAlone(MetaVersion version) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a b/\u00fcn\u00ef #1.bin", TestTorrents.randomBytes(300_001, 51));
        files.put("c/small.bin", TestTorrents.randomBytes(5_000, 52));
        files.put("c/d/tail.bin", TestTorrents.randomBytes(1_000_000, 53));
        files.put("z.bin", TestTorrents.randomBytes(40_000, 54));
        Path source = tmp.resolve("www/set");
        TestTorrents.writeTree(source, files);
        try (RangeServer server = RangeServer.serving(tmp.resolve("www"));
             Session leecher = Session.open(Swarms.config(null))) {
            Metainfo m = torrent(source, version, List.of(server.url("")));
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.completion().get(60, TimeUnit.SECONDS);
            Swarms.assertSamePayload(m, tmp.resolve("www"), tmp.resolve("leech"), true);
            assertTrue(Files.notExists(tmp.resolve("leech/set/.pad")), "pad files are neither fetched nor written");
        }
    }

    @Test
    void aDownloadLimitHoldsTheWebSeedBackToo() throws Exception {
        Path file = tmp.resolve("www/slow.bin");
        Swarms.writeRandomFile(file, 4L * MIB, 43);
        try (RangeServer server = RangeServer.serving(tmp.resolve("www"));
             Session leecher = Session.open(Swarms.config(null))) {
            Metainfo m = torrent(file, MetaVersion.V1, List.of(server.url("slow.bin")));
            long start = System.nanoTime();
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"),
                    new TorrentOptions().useTrackers(false).maxDownloadRate(MIB));
            t.completion().get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(-1L, Files.mismatch(file, tmp.resolve("leech/slow.bin")));
            // 4 MiB at 1 MiB/s less the quarter second the bucket starts with; unlimited it takes well under 1 s
            assertTrue(seconds >= 2.5 && seconds < 30, "4 MiB from a web seed at 1 MiB/s took " + seconds + " s");
        }
    }

    @Test
    void aWebSeedAndAPeerShareTheDownload() throws Exception {
        Path file = tmp.resolve("www/shared.bin");
        Swarms.writeRandomFile(file, 8L * MIB, 61);
        // the peer has only the first half: the rest can come from the web seed alone
        Path partial = tmp.resolve("peer/shared.bin");
        Files.createDirectories(partial.getParent());
        byte[] half = Files.readAllBytes(file);
        java.util.Arrays.fill(half, 4 * MIB, half.length, (byte) 0);
        Files.write(partial, half);
        try (RangeServer server = RangeServer.serving(tmp.resolve("www")).delay(100);
             Session peer = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            Metainfo withSeed = torrent(file, MetaVersion.V1, List.of(server.url("shared.bin")));
            Metainfo without = torrent(file, MetaVersion.V1, List.of());
            assertEquals(withSeed.infoHash(), without.infoHash());
            TorrentHandle p = peer.add(without, tmp.resolve("peer"), new TorrentOptions().useTrackers(false));
            Swarms.waitFor(() -> p.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "the peer checked");
            assertEquals(without.pieceCount() / 2, p.progress().verifiedPieces());
            TorrentHandle t = leecher.add(withSeed, tmp.resolve("leech"),
                    new TorrentOptions().useTrackers(false).addStaticPeer(Swarms.local(peer)));
            t.completion().get(60, TimeUnit.SECONDS);
            assertEquals(-1L, Files.mismatch(file, tmp.resolve("leech/shared.bin")));
            long fromSeed = t.webSeeds().get(0).downloaded();
            assertTrue(fromSeed >= 4L * MIB, "the second half came from the web seed: " + fromSeed);
            assertTrue(p.progress().uploaded() > 0, "the peer sent some of the first half");
        }
    }

    @Test
    void aWebSeedThatLiesIsDroppedAndAnotherCompletes() throws Exception {
        Path file = tmp.resolve("www/lies.bin");
        Swarms.writeRandomFile(file, 4L * MIB, 71);
        try (RangeServer liar = RangeServer.serving(tmp.resolve("www")).lie();
             RangeServer honest = RangeServer.serving(tmp.resolve("www")).delay(50);
             Session leecher = Session.open(Swarms.config(null))) {
            Metainfo m = torrent(file, MetaVersion.V1, List.of(liar.url("lies.bin"), honest.url("lies.bin")));
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.completion().get(60, TimeUnit.SECONDS);
            assertEquals(-1L, Files.mismatch(file, tmp.resolve("leech/lies.bin")));
            WebSeed lying = t.webSeeds().get(0);
            assertTrue(lying.isDropped(), "the liar is dropped");
            assertTrue(lying.droppedBecause().contains("failed their hash"), lying.droppedBecause());
            assertFalse(t.webSeeds().get(1).isDropped());
            assertTrue(t.webSeeds().get(1).downloaded() > 0);
        }
    }

    @Test
    void aWebSeedThatDiesBacksOffAndAPeerCompletes() throws Exception {
        Path file = tmp.resolve("www/dies.bin");
        Swarms.writeRandomFile(file, 6L * MIB, 81);
        Path seedDir = tmp.resolve("peer");
        Files.createDirectories(seedDir);
        Files.copy(file, seedDir.resolve("dies.bin"));
        try (RangeServer server = RangeServer.serving(tmp.resolve("www")).dieAfter(2);
             Session peer = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            Metainfo m = torrent(file, MetaVersion.V1, List.of(server.url("dies.bin")));
            peer.add(m, seedDir, new TorrentOptions().useTrackers(false).seedForever()).completion()
                    .get(30, TimeUnit.SECONDS);
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            Swarms.waitFor(() -> !t.webSeeds().isEmpty() && t.webSeeds().get(0).lastError() != null,
                    Duration.ofSeconds(30), "the web seed failing");
            WebSeed seed = t.webSeeds().get(0);
            // on a loaded machine the error of the request that met the dead server can be recorded before the
            // ranges that came back ahead of it are counted
            Swarms.waitFor(() -> seed.downloaded() >= MIB, Duration.ofSeconds(10), "the ranges served before it died");
            assertFalse(t.completion().isDone(), "the web seed died before the end");
            assertFalse(seed.isDropped(), "a dead server backs off; it is not banned");
            assertTrue(seed.downloaded() >= MIB, "ranges arrived before it died: " + seed.downloaded());
            t.addPeers(List.of(Swarms.local(peer)));
            t.completion().get(60, TimeUnit.SECONDS);
            assertEquals(-1L, Files.mismatch(file, tmp.resolve("leech/dies.bin")));
            assertNotNull(seed.lastError());
        }
    }

    private Metainfo torrent(Path source, MetaVersion version, List<String> urls) throws Exception {
        return MetainfoReader.read(TorrentCreator.of(source).pieceLength(64 * 1024).metaVersion(version)
                .urlList(urls).creationDate(null).create().bytes());
    }
}
