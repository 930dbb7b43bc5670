package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.metadata.MetadataMessage;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.metainfo.TorrentCreator.MetaVersion;

/**
 * v2-only magnets ({@code xt=urn:btmh:1220...}, no btih) between two of our sessions: the leecher dials by the
 * SHA-256 truncated to 20 bytes, fetches the info dictionary by ut_metadata and checks it against the full 32
 * bytes, then fetches each file's piece layer with BEP 52 hash requests (proved against its pieces root) before a
 * single piece is verified. A peer whose hashes do not prove is dropped and nothing it sent is kept.
 */
@Timeout(180)
class V2MagnetTest {

    private static final String FIXTURE = "/org/yamtorrent/engine/metainfo/bep52/v2demo-v2only.torrent";
    @TempDir
    Path tmp;

    /** libtorrent's v2-only torrent of four files (one empty, one of a single piece) in 32 KiB pieces. */
    @Test
    void aMultiFileV2MagnetFromTheLibtorrentFixture() throws Exception {
        Metainfo m = fixture();
        assertFalse(m.infoHash().hasV1());
        exchangeByMagnet(m);
    }

    /**
     * A single file of 600 pieces: its layer is wider than the 512 hashes one request may ask for, so it comes in
     * two ranges, each proved by its uncle hashes.
     */
    @Test
    void aSingleFileV2MagnetWhoseLayerTakesTwoRequests() throws Exception {
        Path source = tmp.resolve("seed/one.bin");
        Files.createDirectories(source.getParent());
        Files.write(source, TestTorrents.randomBytes(600 * 16384 - 1000, 52));
        Metainfo m = MetainfoReader.read(TorrentCreator.of(source).pieceLength(16384).metaVersion(MetaVersion.V2)
                .create().bytes());
        assertTrue(m.isSingleFile());
        exchangeByMagnet(m);
    }

    /**
     * A hybrid magnet (btih and btmh): the handshake names the SHA-1, both sessions set BEP 52's v2 bit, so the
     * leecher asks the seeder for the piece layers and checks every piece by SHA-1 and merkle tree.
     */
    @Test
    void aHybridMagnetGetsItsPieceLayersFromAPeerThatSetsTheV2Bit() throws Exception {
        Path source = tmp.resolve("seed/hybrid");
        TestTorrents.writeTree(source, Map.of("big.bin", TestTorrents.randomBytes(700_000, 53),
                "dir/small.bin", TestTorrents.randomBytes(40_000, 54)));
        Metainfo m = MetainfoReader.read(TorrentCreator.of(source).pieceLength(16384)
                .metaVersion(MetaVersion.HYBRID).create().bytes());
        assertTrue(m.infoHash().hasV1() && m.infoHash().hasV2());
        exchangeByMagnet(m);
    }

    private void exchangeByMagnet(Metainfo m) throws Exception {
        MagnetUri magnet = MagnetUri.parse(magnet(m));
        assertEquals(m.infoHash().hasV1(), magnet.infoHash().hasV1());
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().useTrackers(false).seedForever())
                    .completion().get(30, TimeUnit.SECONDS);
            TorrentHandle t = leecher.add(magnet.infoHash(), tmp.resolve("leech"),
                    new TorrentOptions().magnet(magnet).useTrackers(false).addStaticPeer(Swarms.local(seeder)));
            t.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo());
            assertSameLayers(m, t.metainfo());
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech"), true);
        }
    }

    @Test
    void aPeerWhoseHashesDoNotProveIsDroppedAndNothingItSentIsUsed() throws Exception {
        Metainfo m = fixture();
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().useTrackers(false).seedForever())
                    .completion().get(30, TimeUnit.SECONDS);
            TorrentHandle t = leecher.add(MagnetUri.parse(magnet(m)).infoHash(), tmp.resolve("leech"),
                    new TorrentOptions().useTrackers(false));
            int hashRequests;
            try (RawPeer peer = RawPeer.connect(leecher.listenPort(), "-XX0001-hashliar0001")) {
                peer.sendHandshake(m.infoHash(), false, true);
                assertEquals(m.infoHash(), peer.readHandshake());
                HostileMetadataTest.Liar liar = new HostileMetadataTest.Liar(peer);
                liar.announce(m.rawInfo().length);
                hashRequests = serveMetadataThenLieAboutHashes(liar, m.rawInfo());
            }
            assertTrue(hashRequests > 0, "the liar was asked for hashes (its metadata was right) and then dropped");
            assertNull(t.metainfo(), "no metadata is attached while its piece layers are unproved");
            assertEquals(TorrentState.FETCHING_METADATA, t.state());
            t.addPeers(List.of(Swarms.local(seeder)));
            t.completion().get(60, TimeUnit.SECONDS);
            assertSameLayers(m, t.metainfo());
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech"), true);
        }
    }

    /**
     * Answers ut_metadata requests with the true metadata and hash requests with random hashes (as many as asked
     * for, so only the proof can catch them), until the leecher closes the connection.
     *
     * @return how many hash requests came before it did
     */
    private static int serveMetadataThenLieAboutHashes(HostileMetadataTest.Liar liar, byte[] info) throws IOException {
        int hashRequests = 0;
        Random random = new Random(7);
        try {
            while (true) {
                RawPeer.Message msg = liar.peer.read();
                if (msg.id() == RawPeer.EXTENDED && msg.payload()[0] != 0) {
                    Map<String, Object> d = BencodeReader.dictionary(msg.payload(), 1, msg.payload().length - 1);
                    int piece = ((Long) d.get("piece")).intValue();
                    int from = piece * MetadataMessage.PIECE_SIZE;
                    liar.send(HostileMetadataTest.data(piece, info.length, Arrays.copyOfRange(info, from,
                            Math.min(info.length, from + MetadataMessage.PIECE_SIZE))));
                } else if (msg.id() == HASH_REQUEST) {
                    hashRequests++;
                    int length = msg.intAt(32 + 8);
                    byte[] hashes = new byte[32 * length];
                    random.nextBytes(hashes);
                    liar.peer.send(HASHES, concat(msg.payload(), hashes));
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the leecher kept a peer whose hashes do not prove for 10 s");
        } catch (IOException e) {
            return hashRequests; // end of stream or reset: the leecher dropped us
        }
    }

    private static final int HASH_REQUEST = 21;
    private static final int HASHES = 22;

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String magnet(Metainfo m) {
        String btih = m.infoHash().hasV1() ? "xt=urn:btih:" + m.infoHash().hex() + "&" : "";
        return "magnet:?" + btih + "xt=urn:btmh:1220" + HexFormat.of().formatHex(m.infoHash().v2()) + "&dn=" + m.name();
    }

    /** The fixture torrent, its payload written below seed/. */
    private Metainfo fixture() throws IOException {
        byte[] torrent;
        try (InputStream in = V2MagnetTest.class.getResourceAsStream(FIXTURE)) {
            torrent = in.readAllBytes();
        }
        TestTorrents.writeBep52Payload(tmp.resolve("seed"));
        return MetainfoReader.read(torrent);
    }

    /** Every file's piece layer as the leecher proved it equals the one in the seeder's .torrent. */
    private static void assertSameLayers(Metainfo expected, Metainfo actual) {
        int multiPiece = 0;
        for (int i = 0; i < expected.files().size(); i++) {
            FileEntry f = expected.files().get(i);
            byte[] root = expected.pieceLayers().piecesRoot(i);
            if (root != null && f.length() > expected.pieceLength()) {
                multiPiece++;
                assertArrayEquals(expected.pieceLayers().layer(root), actual.pieceLayers().layer(root), f.relativePath());
            }
        }
        assertTrue(multiPiece > 0, "the torrent has a file with a piece layer");
    }
}
