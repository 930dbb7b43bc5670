package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.bencode.RawBencode;

class MetainfoReaderTest {

    private static final int PIECE = 16384;

    /** A valid multi-file torrent as mutable maps, in the key order a sloppy creator might write. */
    private static Map<String, Object> multiFile() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "album");
        info.put("piece length", PIECE);
        List<Object> files = new ArrayList<>();
        files.add(file(20000, "cd1", "track1.flac"));
        files.add(file(0, "empty.txt"));
        Map<String, Object> pad = file(12768, ".pad", "12768");
        pad.put("attr", "p");
        files.add(pad);
        files.add(file(30000, "cd2", "track2.flac"));
        info.put("files", files);
        info.put("pieces", new byte[4 * 20]);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("announce", "http://127.0.0.1:6969/announce");
        root.put("info", info);
        return root;
    }

    private static Map<String, Object> file(long length, String... path) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("length", length);
        f.put("path", new ArrayList<>(List.of(path)));
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(Map<String, Object> root) {
        return (Map<String, Object>) root.get("info");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fileAt(Map<String, Object> root, int i) {
        return (Map<String, Object>) ((List<Object>) info(root).get("files")).get(i);
    }

    private static String error(Consumer<Map<String, Object>> change) {
        Map<String, Object> root = multiFile();
        change.accept(root);
        return assertThrows(MetainfoException.class, () -> MetainfoReader.read(RawBencode.encode(root))).getMessage();
    }

    @Test
    void singleFileWithAllTopLevelFields() {
        Map<String, Object> info = new TreeMap<>();
        info.put("name", "x");
        info.put("name.utf-8", "Ünïcode.bin");
        info.put("length", 40000);
        info.put("piece length", PIECE);
        info.put("pieces", new byte[60]);
        info.put("private", 1);
        Map<String, Object> root = new TreeMap<>();
        root.put("announce", "http://a/announce");
        root.put("announce-list", List.of(List.of("http://a/announce", "udp://b:1"), List.of(), List.of("http://c/announce")));
        root.put("url-list", "http://seed/x");
        root.put("comment", "hello");
        root.put("created by", "hand");
        root.put("creation date", 1700000000L);
        root.put("info", info);

        Metainfo m = MetainfoReader.read(RawBencode.encode(root));
        assertTrue(m.isSingleFile());
        assertEquals("Ünïcode.bin", m.name());
        assertEquals(List.of(new FileEntry(List.of("Ünïcode.bin"), 40000, 0, "")), m.files());
        assertEquals(40000, m.totalLength());
        assertEquals(3, m.pieceCount());
        assertEquals(PIECE, m.pieceSize(0));
        assertEquals(40000 - 2 * PIECE, m.pieceSize(2));
        assertTrue(m.isPrivate());
        assertEquals("http://a/announce", m.announce());
        assertEquals(List.of(List.of("http://a/announce", "udp://b:1"), List.of("http://c/announce")), m.announceList());
        assertEquals(m.announceList(), m.trackerTiers());
        assertEquals(List.of("http://seed/x"), m.urlList());
        assertEquals("hello", m.comment());
        assertEquals("hand", m.createdBy());
        assertEquals(1700000000L, m.creationDate());
    }

    @Test
    void multiFileLayoutOffsetsAndPadding() {
        Map<String, Object> root = multiFile();
        root.put("url-list", List.of("http://s1/", "", "http://s2/"));
        fileAt(root, 3).put("path.utf-8", List.of("cd2", "tráck2.flac"));
        Metainfo m = MetainfoReader.read(RawBencode.encode(root));
        assertFalse(m.isSingleFile());
        assertFalse(m.isPrivate());
        assertEquals(List.of(List.of("http://127.0.0.1:6969/announce")), m.trackerTiers());
        assertEquals(List.of("http://s1/", "http://s2/"), m.urlList());
        List<FileEntry> f = m.files();
        assertEquals(4, f.size());
        assertEquals("album/cd1/track1.flac", f.get(0).relativePath());
        assertEquals(new FileEntry(List.of("album", "empty.txt"), 0, 20000, ""), f.get(1));
        assertTrue(f.get(2).isPadding());
        assertEquals(32768, f.get(3).offset());
        assertEquals("album/cd2/tráck2.flac", f.get(3).relativePath());
        assertEquals(62768, m.totalLength());
        assertEquals(4, m.pieceCount());
        assertNull(m.comment());
    }

    @Test
    void infoHashIsOverTheExactBytesOfANonCanonicalInfo() throws Exception {
        // Keys deliberately out of order: "piece length" before "name", "files" last.
        byte[] torrent = RawBencode.encode(multiFile());
        String text = new String(torrent, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("4:info") + 6;
        byte[] infoBytes = java.util.Arrays.copyOfRange(torrent, start, torrent.length - 1);
        Metainfo m = MetainfoReader.read(torrent);
        assertEquals(InfoHash.sha1(infoBytes, 0, infoBytes.length), m.infoHash());
        assertArrayEquals(infoBytes, m.rawInfo());

        // A re-encoding with sorted keys hashes differently, which is why the raw span is used.
        byte[] sorted = new com.dampcake.bencode.Bencode(true).encode(info(multiFile()));
        assertNotEquals(InfoHash.sha1(sorted, 0, sorted.length), m.infoHash());
    }

    @Test
    void readsFromStreamAndFileWithSizeCap(@TempDir Path dir) throws Exception {
        byte[] torrent = RawBencode.encode(multiFile());
        Path file = dir.resolve("a.torrent");
        Files.write(file, torrent);
        Metainfo fromFile = new MetainfoReader().parse(file);
        Metainfo fromStream = new MetainfoReader().parse(new ByteArrayInputStream(torrent));
        assertEquals(fromFile.infoHash(), fromStream.infoHash());

        MetainfoReader small = new MetainfoReader(torrent.length - 1);
        assertTrue(assertThrows(MetainfoException.class, () -> small.parse(new ByteArrayInputStream(torrent)))
                .getMessage().contains("larger than the limit of " + (torrent.length - 1)));
        assertTrue(assertThrows(MetainfoException.class, () -> small.parse(file)).getMessage().contains("larger than the limit"));
        assertTrue(assertThrows(MetainfoException.class, () -> small.parse(torrent)).getMessage().contains("larger than the limit"));
        assertEquals(fromFile.infoHash(), new MetainfoReader(torrent.length).parse(new ByteArrayInputStream(torrent)).infoHash());
    }

    @Test
    void piecesAndLengthValidation() {
        assertEquals("info.pieces length 41 is not a multiple of 20", error(r -> info(r).put("pieces", new byte[41])));
        assertEquals("info.pieces holds 3 hashes but a total length of 62768 in pieces of 16384 needs 4",
                error(r -> info(r).put("pieces", new byte[60])));
        assertEquals("info.piece length 0 is outside 1..134217728", error(r -> info(r).put("piece length", 0)));
        assertEquals("info.piece length -16384 is outside 1..134217728", error(r -> info(r).put("piece length", -PIECE)));
        assertEquals("info.piece length 268435456 is outside 1..134217728", error(r -> info(r).put("piece length", 1 << 28)));
        assertEquals("info.files[3].length -30000 is negative", error(r -> fileAt(r, 3).put("length", -30000)));
        assertEquals("info.piece length is not an integer", error(r -> info(r).put("piece length", "16384")));
        assertEquals("info.pieces is not a string", error(r -> info(r).put("pieces", 5)));
        assertEquals("info.files total length overflows 64 bits at files[2]", error(r -> {
            fileAt(r, 0).put("length", Long.MAX_VALUE - 10);
        }));
    }

    @Test
    void hostilePathsAreRejected() {
        assertEquals("info.files[3].path contains '..'", error(r -> fileAt(r, 3).put("path", List.of("..", "etc", "passwd"))));
        assertEquals("info.files[0].path component '/etc' contains a path separator",
                error(r -> fileAt(r, 0).put("path", List.of("/etc", "passwd"))));
        assertEquals("info.files[0].path component 'a\\b' contains a path separator",
                error(r -> fileAt(r, 0).put("path", List.of("a\\b"))));
        assertEquals("info.files[0].path has an empty component", error(r -> fileAt(r, 0).put("path", List.of("a", "", "b"))));
        assertEquals("info.files[0].path contains a NUL byte", error(r -> fileAt(r, 0).put("path", List.of("a\0b"))));
        assertEquals("info.files[0].path component 'C:' starts with a drive letter",
                error(r -> fileAt(r, 0).put("path", List.of("C:", "Windows"))));
        assertEquals("info.files[0].path contains '.'", error(r -> fileAt(r, 0).put("path", List.of(".", "x"))));
        assertEquals("info.files[0].path is empty", error(r -> fileAt(r, 0).put("path", List.of())));
        assertEquals("info.files[0].path.utf-8 contains '..'", error(r -> fileAt(r, 0).put("path.utf-8", List.of(".."))));
        assertEquals("info.name contains '..'", error(r -> info(r).put("name", "..")));
        assertEquals("info.name component 'a/b' contains a path separator", error(r -> info(r).put("name", "a/b")));
        assertEquals("info.name has an empty component", error(r -> info(r).put("name", "")));
        assertEquals("info.files[0].path has a component longer than 255 bytes",
                error(r -> fileAt(r, 0).put("path", List.of("x".repeat(256)))));
    }

    @Test
    void conflictingFilePathsAreRejected() {
        assertEquals("info.files[3].path 'album/cd1/track1.flac' is listed twice",
                error(r -> fileAt(r, 3).put("path", List.of("cd1", "track1.flac"))));
        assertEquals("info.files[3].path 'album/empty.txt/x' lies under the file 'album/empty.txt'",
                error(r -> fileAt(r, 3).put("path", List.of("empty.txt", "x"))));
        assertEquals("info.files[3].path 'album/cd1' is listed twice",
                error(r -> fileAt(r, 3).put("path", List.of("cd1"))));
    }

    @Test
    void structureValidation() {
        assertEquals("info is missing", error(r -> r.remove("info")));
        assertEquals("info is not a dictionary", error(r -> r.put("info", List.of())));
        assertEquals("info.name is missing", error(r -> info(r).remove("name")));
        assertEquals("info has both length and files", error(r -> info(r).put("length", 5)));
        assertEquals("info has neither length nor files", error(r -> info(r).remove("files")));
        assertEquals("info.files is empty", error(r -> info(r).put("files", List.of())));
        assertEquals("info.files[1] is not a dictionary", error(r -> ((List<Object>) info(r).get("files")).set(1, "x")));
        assertEquals("info.files[0].path[0] is not a string", error(r -> fileAt(r, 0).put("path", List.of(5))));
        assertEquals("announce-list[0] is not a list", error(r -> r.put("announce-list", List.of("http://x"))));
        assertEquals("info.file tree is missing", error(r -> {
            info(r).remove("pieces");
            info(r).put("meta version", 2);
        }));
        assertEquals("info has a total length of 0: there is nothing to download", error(r -> {
            info(r).remove("files");
            info(r).put("length", 0);
            info(r).put("pieces", new byte[0]);
        }));
    }

    @Test
    void informationalFieldsOfTheWrongTypeAreIgnored() {
        Map<String, Object> root = multiFile();
        root.put("creation date", "yesterday");
        root.put("comment", 5);
        Metainfo m = MetainfoReader.read(RawBencode.encode(root));
        assertNull(m.creationDate());
        assertNull(m.comment());
    }

    @Test
    void dampcakeTrapsAreCaughtBeforeDecoding() {
        String ok = new String(RawBencode.encode(multiFile()), StandardCharsets.ISO_8859_1);
        // a truncated string: dampcake would pad it with NUL bytes
        String truncated = ok.substring(0, ok.indexOf("6:pieces") + 8) + "80:abc";
        assertTrue(parseError(truncated).startsWith("torrent is not valid bencode: bencode: string length at offset"));
        // an integer dampcake would wrap around
        assertTrue(parseError(ok.replace("i16384e", "i18446744073709568000e")).contains("does not fit in 64 bits"));
        // a declared string length dampcake would allocate up front
        assertTrue(parseError("d4:info2147483647:e").contains("exceeds"));
        assertTrue(parseError("d4:infod1:x" + "l".repeat(5000) + "e".repeat(5000) + "ee").contains("nesting deeper"));
        assertTrue(parseError("").contains("expected a dictionary"));
    }

    private static String parseError(String bencoded) {
        return assertThrows(MetainfoException.class,
                () -> MetainfoReader.read(bencoded.getBytes(StandardCharsets.ISO_8859_1))).getMessage();
    }
}
