package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.bencode.BencodeScanner;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.bencode.Span;

/** Malformed v2 and hybrid metainfo, each a typed error naming what is wrong; and the merkle helper's edges. */
class V2MetainfoTest {

    private static byte[] fixture(String kind) throws Exception {
        return java.nio.file.Files.readAllBytes(Bep52FixtureTest.FIXTURES.resolve("v2demo-" + kind + ".torrent"));
    }

    private static String error(byte[] torrent) {
        return assertThrows(MetainfoException.class, () -> MetainfoReader.read(torrent)).getMessage();
    }

    @Test
    void aPieceLayerThatDoesNotHashToItsRootIsRefused() throws Exception {
        byte[] t = fixture("v2only");
        Span layers = BencodeScanner.scanDictionary(t).get("piece layers");
        t[layers.end() - 40] ^= 1;
        assertTrue(error(t).contains("does not hash to its pieces root"), error(t));
    }

    @Test
    void aMissingPieceLayerIsRefused() throws Exception {
        byte[] t = fixture("v2only");
        Span info = BencodeScanner.scanDictionary(t).get("info");
        byte[] bare = concat("d4:info".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(t, info.offset(), info.end()),
                new byte[] {'e'});
        assertTrue(error(bare).contains("piece layers has no entry for info.file tree a.bin"), error(bare));
    }

    @Test
    void anUnknownMetaVersionIsRefused() throws Exception {
        byte[] t = fixture("v2only");
        String s = new String(t, StandardCharsets.ISO_8859_1).replace("12:meta versioni2e", "12:meta versioni3e");
        assertEquals("info.meta version 3 is not 1 or 2", error(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void malformedFileTrees() {
        assertEquals("info.file tree.x.bin..pieces root has 31 bytes, not 32",
                error(v2(Map.of("x.bin", file(5, new byte[31])), 16384)));
        assertTrue(error(v2(Map.of("x.bin", Map.of("", Map.of("length", 5L, "pieces root", new byte[32]),
                "y", file(1, new byte[32]))), 16384)).contains("is a file and a directory at once"));
        assertTrue(error(v2(Map.of("..", file(5, new byte[32])), 16384)).contains(".."));
        assertTrue(error(v2(Map.of("x.bin", file(5, new byte[32])), 3 * 16384))
                .contains("is not a power of two of at least 16 KiB"));
        assertEquals("info.file tree holds no file", error(v2(Map.of(), 16384)));
        assertTrue(error(v2(Map.of("x.bin", Map.of("", Map.of("length", -1L))), 16384)).contains("negative"));
    }

    @Test
    void aHybridWhoseFilesDisagreeIsRefused() throws Exception {
        String s = new String(fixture("hybrid"), StandardCharsets.ISO_8859_1);
        // the v1 list says c.bin, the tree says c.bin: rename the v1 one
        String renamed = s.replaceFirst("5:c.bine", "5:d.bine");
        assertTrue(error(renamed.getBytes(StandardCharsets.ISO_8859_1)).contains("hybrid torrent: file 1 is v2demo/d.bin"),
                error(renamed.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void merkleRootsPadWithZeroLeavesAndZeroPieces() {
        byte[][] none = new byte[0][];
        assertArrayEquals(new byte[32], MerkleTree.root(none, 1));
        byte[] zero2 = sha256(concat(new byte[32], new byte[32]));
        assertArrayEquals(zero2, MerkleTree.root(none, 2));
        assertArrayEquals(zero2, MerkleTree.zeroPiece(32768), "an all-padding piece of two leaves");
        byte[] leaf = sha256("x".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(leaf, MerkleTree.pieceHash(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)), 32768, true),
                "a one-block file's root is its leaf");
        assertArrayEquals(sha256(concat(leaf, new byte[32])),
                MerkleTree.pieceHash(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)), 32768, false),
                "a piece of a longer file is as wide as the piece");
        assertEquals(1, MerkleTree.width(0));
        assertEquals(4, MerkleTree.width(3));
        assertEquals(4, MerkleTree.width(4));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.root(new byte[3][], 2));
    }

    @Test
    void theTruncatedV2HashNamesAV2OnlyTorrent() {
        byte[] v2 = new byte[32];
        v2[0] = 1;
        v2[31] = 9;
        InfoHash h = InfoHash.of(null, v2);
        assertEquals(InfoHash.of(Arrays.copyOf(v2, 20)), h, "found by the 20 bytes of a handshake");
        assertArrayEquals(v2, h.v2());
        byte[] v1 = new byte[20];
        InfoHash hybrid = InfoHash.of(v1, v2);
        assertEquals(InfoHash.of(v1), hybrid);
        assertEquals(h, hybrid.truncatedV2());
        assertThrows(IllegalArgumentException.class, () -> InfoHash.of(v1, v1));
    }

    private static Map<String, Object> file(long length, byte[] root) {
        return Map.of("", Map.of("length", length, "pieces root", root));
    }

    private static byte[] v2(Map<String, Object> tree, int pieceLength) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("file tree", tree);
        info.put("meta version", 2);
        info.put("name", "t");
        info.put("piece length", pieceLength);
        return BencodeWriter.encode(Map.of("info", info));
    }

    private static byte[] sha256(byte[] data) {
        return InfoHash.sha256(data, 0, data.length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        List.of(parts).forEach(out::put);
        return out.array();
    }
}
