package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.bencode.BencodeScanner;
import org.yamtorrent.engine.bencode.Span;
import org.yamtorrent.engine.metainfo.TorrentCreator.MetaVersion;

/**
 * BEP 52 against the torrents libtorrent 2.0.8 made (../shared/fixtures/bep52, copied to resources): our reader reproduces libtorrent's
 * info-hashes and verifies every piece of the payload by both hash families, and our creator writes the same
 * info dictionaries, indeed the same files, for the same payload and piece length.
 */
class Bep52FixtureTest {

    /** A copy of ../shared/fixtures/bep52, so CI needs no shared folder. */
    static final Path FIXTURES = resources();
    /** make-payload.py's files: path below v2demo, size; file i has bytes (j * 31 + i) % 251. */
    static final Map<String, Integer> FILES = TestTorrents.BEP52_FILES;

    @TempDir
    static Path payload;

    private static Path resources() {
        try {
            return Path.of(Bep52FixtureTest.class.getResource("bep52/info-hashes.txt").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void writePayload() throws IOException {
        TestTorrents.writeBep52Payload(payload);
    }

    /** info-hashes.txt: kind v1 hex|- v2 hex|- pieces n. */
    static Map<String, String[]> expected() throws IOException {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("info-hashes.txt"))) {
            String[] w = line.trim().split("\\s+");
            out.put(w[0], new String[] {w[2], w[4], w[6]});
        }
        return out;
    }

    static byte[] fixture(String kind) throws IOException {
        return Files.readAllBytes(FIXTURES.resolve("v2demo-" + kind + ".torrent"));
    }

    @Test
    void readerReproducesLibtorrentsInfoHashes() throws IOException {
        Map<String, String[]> expected = expected();
        assertEquals(List.of("hybrid", "v2only", "v1only"), List.copyOf(expected.keySet()));
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            Metainfo m = MetainfoReader.read(fixture(e.getKey()));
            String[] want = e.getValue();
            InfoHash h = m.infoHash();
            String kind = e.getKey();
            assertEquals(!want[0].equals("-"), h.hasV1(), kind + " has v1");
            assertEquals(!want[1].equals("-"), h.hasV2(), kind + " has v2");
            if (h.hasV1()) {
                assertEquals(want[0], h.hex(), kind + " v1 info-hash");
            }
            if (h.hasV2()) {
                assertEquals(want[1], HexFormat.of().formatHex(h.v2()), kind + " v2 info-hash");
                assertArrayEquals(Arrays.copyOf(h.v2(), 20), h.truncatedV2().bytes(), kind + " truncated");
            }
            if (!h.hasV1()) {
                assertArrayEquals(Arrays.copyOf(h.v2(), 20), h.bytes(), "a v2-only torrent is named by its truncated hash");
            }
            assertEquals(Integer.parseInt(want[2]), m.pieceCount(), kind + " pieces");
            assertEquals(kind.equals("v1only"), m.pieceLayers() == null);
            assertTrue(h.matches(m.rawInfo()), kind + " info bytes carry every hash");
        }
    }

    @Test
    void everyPieceVerifiesAgainstThePayload() throws IOException {
        for (String kind : List.of("hybrid", "v2only", "v1only")) {
            Metainfo m = MetainfoReader.read(fixture(kind));
            byte[] all = layoutBytes(m);
            assertEquals(m.totalLength(), all.length);
            for (int i = 0; i < m.pieceCount(); i++) {
                ByteBuffer piece = ByteBuffer.wrap(all, i * m.pieceLength(), m.pieceSize(i));
                assertTrue(m.verifyPiece(i, piece), kind + " piece " + i);
                byte[] bad = Arrays.copyOfRange(all, i * m.pieceLength(), i * m.pieceLength() + m.pieceSize(i));
                bad[0] ^= 1;
                assertFalse(m.verifyPiece(i, ByteBuffer.wrap(bad)), kind + " corrupted piece " + i);
            }
        }
    }

    @Test
    void hybridPiecesAreCheckedByBothHashes() throws IOException {
        Metainfo m = MetainfoReader.read(fixture("hybrid"));
        byte[] all = layoutBytes(m);
        // piece 96 is a.bin's last: 17 bytes of data, then padding that only the v1 SHA-1 covers
        int piece = 96;
        assertEquals(17, m.files().get(0).length() - (long) piece * m.pieceLength());
        byte[] data = Arrays.copyOfRange(all, piece * m.pieceLength(), (piece + 1) * m.pieceLength());
        data[100] = 7;
        assertTrue(m.pieceLayers().verify(piece, ByteBuffer.wrap(data)), "v2 ignores the padding");
        assertFalse(m.verifyPiece(piece, ByteBuffer.wrap(data)), "v1 sees the padding, so the hybrid check fails");
    }

    @Test
    void v2OnlyLayoutPadsFilesToPieceBoundariesLikeTheHybrid() throws IOException {
        Metainfo v2 = MetainfoReader.read(fixture("v2only"));
        Metainfo hybrid = MetainfoReader.read(fixture("hybrid"));
        assertEquals(hybrid.files(), v2.files(), "same files, same pad files");
        assertEquals(hybrid.totalLength(), v2.totalLength());
        assertFalse(v2.hasV1());
        for (int f = 0; f < v2.files().size(); f++) {
            assertArrayEquals(hybrid.pieceLayers().piecesRoot(f), v2.pieceLayers().piecesRoot(f), "root of file " + f);
        }
        assertNull(v2.pieceLayers().piecesRoot(1), "a pad file has no root");
    }

    @Test
    void creatorWritesLibtorrentsTorrents() throws IOException {
        Map<String, MetaVersion> kinds = Map.of("hybrid", MetaVersion.HYBRID, "v2only", MetaVersion.V2,
                "v1only", MetaVersion.V1);
        Map<String, String[]> expected = expected();
        for (Map.Entry<String, MetaVersion> k : kinds.entrySet()) {
            byte[] want = fixture(k.getKey());
            TorrentCreator.Result r = TorrentCreator.of(payload.resolve("v2demo")).pieceLength(32768)
                    .announce("http://127.0.0.1:6969/announce").createdBy("libtorrent 2.0.8").creationDate(null)
                    .metaVersion(k.getValue()).create();
            assertEquals(new String(info(want), java.nio.charset.StandardCharsets.ISO_8859_1),
                    new String(info(r.bytes()), java.nio.charset.StandardCharsets.ISO_8859_1),
                    k.getKey() + " info dictionary");
            assertArrayEquals(want, r.bytes(), k.getKey() + " whole torrent");
            String[] hashes = expected.get(k.getKey());
            if (r.infoHash().hasV1()) {
                assertEquals(hashes[0], r.infoHash().hex());
            }
            if (r.infoHash().hasV2()) {
                assertEquals(hashes[1], HexFormat.of().formatHex(r.infoHash().v2()));
            }
        }
    }

    @Test
    void createdSingleFileV2AndHybridTorrentsReadBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("one.bin");
        Files.write(file, TestTorrents.randomBytes(5 * 16384 + 3, 9));
        for (MetaVersion v : List.of(MetaVersion.V2, MetaVersion.HYBRID)) {
            TorrentCreator.Result r = TorrentCreator.of(file).pieceLength(32768).metaVersion(v).create();
            Metainfo m = MetainfoReader.read(r.bytes());
            assertTrue(m.isSingleFile(), v + " single");
            assertEquals(List.of("one.bin"), m.files().get(0).path());
            assertEquals(r.infoHash(), m.infoHash());
            assertArrayEquals(r.infoHash().v2(), m.infoHash().v2());
            byte[] data = Files.readAllBytes(file);
            for (int i = 0; i < m.pieceCount(); i++) {
                assertTrue(m.verifyPiece(i, ByteBuffer.wrap(data, i * 32768, m.pieceSize(i))), v + " piece " + i);
            }
        }
    }

    /** The payload as the torrent lays it out: files in order, pad files as zeros. */
    private static byte[] layoutBytes(Metainfo m) throws IOException {
        byte[] all = new byte[(int) m.totalLength()];
        for (FileEntry f : m.files()) {
            if (!f.isPadding() && f.length() > 0) {
                byte[] data = Files.readAllBytes(payload.resolve(f.relativePath()));
                System.arraycopy(data, 0, all, (int) f.offset(), data.length);
            }
        }
        return all;
    }

    private static byte[] info(byte[] torrent) {
        Span s = BencodeScanner.scanDictionary(torrent).get("info");
        return Arrays.copyOfRange(torrent, s.offset(), s.end());
    }
}
