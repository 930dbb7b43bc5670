package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/**
 * A torrent added by its info-hash alone: it has peers before it has metadata, holds what they say they have, and
 * downloads once the metadata is attached (as ut_metadata will do).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfoHashOnlyTest {

    @TempDir
    Path tmp;

    private final byte[] payload = TestTorrents.randomBytes(200 * 1024 + 7, 21);
    private final Metainfo m = TestTorrents.singleFile("h.bin", payload, 32 * 1024);

    private Path seedDir() throws Exception {
        Path dir = tmp.resolve("seed");
        Files.createDirectories(dir);
        Files.write(dir.resolve("h.bin"), payload);
        return dir;
    }

    @Test
    void peersJoinBeforeTheMetadataAndTheDownloadFollowsIt() throws Exception {
        CompletableFuture<TorrentHandle> told = new CompletableFuture<>();
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle seed = seeder.add(m, seedDir(), new TorrentOptions().useTrackers(false).seedForever());
            Swarms.waitFor(() -> seed.state() == TorrentState.SEEDING, Duration.ofSeconds(20), "seeder ready");
            TorrentHandle t = leecher.add(m.infoHash(), tmp.resolve("leech"), new TorrentOptions()
                    .useTrackers(false).displayName("from a magnet").addStaticPeer(Swarms.local(seeder))
                    .addListener(new TorrentListener() {
                        @Override
                        public void metadataReceived(TorrentHandle torrent) {
                            told.complete(torrent);
                        }
                    }));
            assertEquals(TorrentState.FETCHING_METADATA, t.state());
            assertNull(t.metainfo());
            assertEquals("from a magnet", t.name());
            Swarms.waitFor(() -> t.peers().size() == 1, Duration.ofSeconds(20), "the seeder joined");
            PeerInfo seen = t.peers().get(0);
            assertEquals(PeerSource.STATIC, seen.source());
            assertEquals(-1, seen.pieces(), "pieces unknown before the metadata");
            assertEquals(0, t.progress().totalBytes());
            assertThrows(TorrentException.class, () -> t.openStream(0));
            Metainfo other = TestTorrents.singleFile("x.bin", TestTorrents.randomBytes(100, 1), 32 * 1024);
            assertThrows(TorrentException.class, () -> t.attachMetadata(other), "another torrent's metadata");

            assertTrue(t.attachMetadata(m));
            assertFalse(t.attachMetadata(m), "known already");
            assertSame(t, told.get(10, TimeUnit.SECONDS));
            assertSame(t, t.completion().get(30, TimeUnit.SECONDS));
            assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("leech/h.bin")));
            assertEquals(1, seed.peers().size(), "the peer from before the metadata is the one that delivered");
            assertEquals(PeerSource.INCOMING, seed.peers().get(0).source());
        }
    }

    @Test
    void aBitfieldThatDoesNotFitTheMetadataDropsThePeer() throws Exception {
        try (Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle t = leecher.add(m.infoHash(), tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            try (RawPeer liar = RawPeer.connect(leecher.listenPort(), "-XX0001-liar")) {
                liar.sendHandshake(m.infoHash(), false);
                assertEquals(m.infoHash(), liar.readHandshake());
                liar.send(RawPeer.BITFIELD, new byte[100]); // 800 pieces; the torrent has 7
                Swarms.waitFor(() -> t.peers().size() == 1, Duration.ofSeconds(20), "held before the metadata");
                t.attachMetadata(m);
                assertTrue(liar.closedWithin(Duration.ofSeconds(20)), "dropped once the piece count is known");
            }
            Swarms.waitFor(() -> t.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(20), "downloading");
            // the liar saw its socket close; our side forgets it when its channel goes inactive, a moment later
            Swarms.waitFor(() -> t.peers().isEmpty(), Duration.ofSeconds(20), "the liar left the swarm");
        }
    }
}
