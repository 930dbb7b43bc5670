package org.yamtorrent.engine.hashes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.PieceLayerNeed;
import org.yamtorrent.engine.metainfo.PieceLayers;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.wire.HashRange;

/**
 * The asking side of BEP 52 hash transfer against the serving side ({@link PieceLayers#hashes}): a layer wider
 * than 512 hashes in two proved ranges, liars (wrong proof, wrong count) found and nothing of theirs kept, refusals
 * and silence asked of another peer.
 */
class PieceLayerFetcherTest {

    private static final long TIMEOUT = 10_000;

    @TempDir
    Path tmp;

    private Metainfo m;
    private byte[] root;
    private PieceLayerFetcher<String> fetcher;

    /** A file of 600 pieces of 16 KiB beside one of 3: layers padded to 1024 and 4 hashes. */
    @BeforeEach
    void torrent() throws Exception {
        Files.createDirectories(tmp.resolve("set"));
        Files.write(tmp.resolve("set/big.bin"), TestTorrents.randomBytes(600 * 16384 - 5, 1));
        Files.write(tmp.resolve("set/small.bin"), TestTorrents.randomBytes(3 * 16384 - 5, 2));
        m = MetainfoReader.read(TorrentCreator.of(tmp.resolve("set")).pieceLength(16384)
                .metaVersion(TorrentCreator.MetaVersion.V2).create().bytes());
        List<PieceLayerNeed> needs = PieceLayerNeed.of(m.rawInfo());
        assertEquals(2, needs.size());
        root = needs.get(0).piecesRoot();
        assertEquals(600, needs.get(0).pieceCount());
        fetcher = new PieceLayerFetcher<>(needs, TIMEOUT);
    }

    @Test
    void aWideLayerComesInProvedRangesOf512() {
        fetcher.peerJoined("a");
        List<PieceLayerFetcher.Request<String>> asked = fetcher.requests(0);
        assertEquals(3, asked.size(), "two ranges of the wide layer, one of the small");
        HashRange second = asked.get(1).range();
        assertEquals(512, second.index());
        assertEquals(512, second.length());
        assertEquals(9, second.proofLayers(), "uncles up to the root of a tree of 1024");
        asked.forEach(r -> assertTrue(fetcher.onHashes("a", r.range(), served(r.range()))));
        assertTrue(fetcher.complete());
        Map<ByteBuffer, byte[]> layers = fetcher.layers();
        assertArrayEquals(m.pieceLayers().layer(root), layers.get(ByteBuffer.wrap(root)));
        assertEquals(600 * 32, layers.get(ByteBuffer.wrap(root)).length, "the padding past the last piece left out");
    }

    @Test
    void hashesThatDoNotProveBanTheirSenderAndAreNotKept() {
        fetcher.peerJoined("liar");
        List<PieceLayerFetcher.Request<String>> asked = fetcher.requests(0);
        HashRange range = asked.get(1).range();
        byte[] forged = served(range);
        forged[forged.length - 1] ^= 1; // the topmost uncle
        assertTrue(fetcher.onHashes("liar", range, forged));
        assertTrue(fetcher.takeBadPeers().get("liar").startsWith("sent hashes that do not prove against pieces root"));
        assertFalse(fetcher.peers().contains("liar"));
        fetcher.peerJoined("liar");
        assertFalse(fetcher.peers().contains("liar"), "a banned peer stays out");
        fetcher.peerJoined("honest");
        List<PieceLayerFetcher.Request<String>> again = fetcher.requests(1);
        assertEquals(3, again.size(), "everything asked again, the liar's answered range included");
        again.forEach(r -> fetcher.onHashes("honest", r.range(), served(r.range())));
        assertTrue(fetcher.complete());
        assertArrayEquals(m.pieceLayers().layer(root), fetcher.layers().get(ByteBuffer.wrap(root)));
    }

    @Test
    void theWrongNumberOfHashesBansTheSender() {
        fetcher.peerJoined("a");
        HashRange range = fetcher.requests(0).get(0).range();
        byte[] served = served(range);
        fetcher.onHashes("a", range, java.util.Arrays.copyOf(served, served.length - 32));
        assertTrue(fetcher.takeBadPeers().get("a").contains("it needs 512 and 1 uncles"));
        assertFalse(fetcher.complete());
    }

    @Test
    void unsolicitedHashesAreToldApart() {
        fetcher.peerJoined("a");
        HashRange range = fetcher.requests(0).get(0).range();
        fetcher.peerJoined("b");
        assertFalse(fetcher.onHashes("b", range, served(range)), "b was never asked");
        assertFalse(fetcher.onHashes("a", new HashRange(new byte[32], 0, 0, 2, 0), new byte[64]), "nor was this range");
        assertTrue(fetcher.onHashes("a", range, served(range)));
        assertFalse(fetcher.onHashes("a", range, served(range)), "an answer counts once");
        assertTrue(fetcher.takeBadPeers().isEmpty());
    }

    @Test
    void aRefusedOrUnansweredRangeIsAskedOfAnotherPeer() {
        fetcher.peerJoined("a");
        List<PieceLayerFetcher.Request<String>> first = fetcher.requests(0);
        assertTrue(first.stream().allMatch(r -> r.peer().equals("a")));
        fetcher.peerJoined("b");
        assertTrue(fetcher.onReject("a", first.get(0).range(), 5));
        List<PieceLayerFetcher.Request<String>> next = fetcher.requests(5);
        assertEquals(List.of(new PieceLayerFetcher.Request<>("b", first.get(0).range())), next);
        List<PieceLayerFetcher.Request<String>> late = fetcher.requests(TIMEOUT + 1);
        assertEquals(2, late.size(), "a's two silent ranges asked of b");
        assertTrue(late.stream().allMatch(r -> r.peer().equals("b")));
    }

    /** What an honest seeder answers (PieceLayers.hashes, as HashAnswers serves it). */
    private byte[] served(HashRange r) {
        return m.pieceLayers().hashes(r.piecesRoot(), r.baseLayer(), r.index(), r.length(), r.proofLayers());
    }
}
