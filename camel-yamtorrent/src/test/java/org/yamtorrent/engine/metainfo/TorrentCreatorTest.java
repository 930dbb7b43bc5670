package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yamtorrent.engine.metainfo.TorrentCreator.Compat;

@Timeout(60)
class TorrentCreatorTest {

    @TempDir
    Path tmp;

    /** The tree src/test/resources/fixtures/mktorrent-fixture.torrent was made from (mktorrent 1.1). */
    static Map<String, byte[]> fixtureTree() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.patternBytes(1000, 1));
        files.put("Sub/B.bin", TestTorrents.patternBytes(3000, 2));
        files.put("sub-x/c.bin", TestTorrents.patternBytes(40000, 3));
        files.put("sub/empty", new byte[0]);
        files.put("z.bin", TestTorrents.patternBytes(30000, 4));
        return files;
    }

    static Map<String, Object> decode(byte[] torrent) {
        return new Bencode(true).decode(torrent, Type.DICTIONARY);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> info(byte[] torrent) {
        return (Map<String, Object>) decode(torrent).get("info");
    }

    static List<String> paths(Metainfo m) {
        List<String> paths = new ArrayList<>();
        m.files().forEach(f -> paths.add(f.relativePath()));
        return paths;
    }

    /**
     * Regenerates the fixture's payload and expects the same bytes as
     * {@code mktorrent -l 15 -d -a http://tracker.example/announce -c "yamtorrent fixture" fixture}.
     */
    @Test
    void matchesCommittedMktorrentFixtureByteForByte() throws IOException {
        byte[] expected;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mktorrent-fixture.torrent")) {
            expected = in.readAllBytes();
        }
        Path dir = tmp.resolve("fixture");
        TestTorrents.writeTree(dir, fixtureTree());
        TorrentCreator.Result created = TorrentCreator.of(dir).pieceLength(32768)
                .announce("http://tracker.example/announce").comment("yamtorrent fixture")
                .createdBy("mktorrent 1.1").creationDate(null).create();
        assertEquals(MetainfoReader.read(expected).infoHash(), created.infoHash());
        assertArrayEquals(expected, created.bytes());
    }

    @Test
    void mktorrentOrderIsPathBytes() {
        List<String> names = new ArrayList<>(List.of("\u00e4", "a/x/g", "_u", "a.txt", "Z", ".hidden", "a/x/H",
                "B/f", "a-b", ".hid/in", "link", "a"));
        names.sort(PathOrder.of(Compat.MKTORRENT));
        assertEquals(List.of(".hid/in", ".hidden", "B/f", "Z", "_u", "a", "a-b", "a.txt", "a/x/H", "a/x/g", "link",
                "\u00e4"), names);
    }

    /** The order transmission-create 3.00 produced for the same names on x86-64 (hidden ones it skips). */
    @Test
    void transmissionOrderIsCaseInsensitiveWithSignedBytes() {
        List<String> names = new ArrayList<>(List.of("Z", "link", "a/x/H", "B/f", "a-b", "\u00e4", "a.txt",
                "a/x/g", "_u", "a\u00e4", "a"));
        names.sort(PathOrder.of(Compat.TRANSMISSION));
        assertEquals(List.of("\u00e4", "_u", "a\u00e4", "a", "a-b", "a.txt", "a/x/g", "a/x/H", "B/f", "link", "Z"),
                names);
        List<String> caseTwins = new ArrayList<>(List.of("b", "B"));
        caseTwins.sort(PathOrder.of(Compat.TRANSMISSION));
        assertEquals(List.of("B", "b"), caseTwins, "ties broken by bytes");
    }

    @Test
    void automaticPieceLengthAimsAtOneToTwoThousandPieces() {
        assertEquals(16384, TorrentCreator.autoPieceLength(1));
        assertEquals(16384, TorrentCreator.autoPieceLength(2000L * 16384));
        assertEquals(32768, TorrentCreator.autoPieceLength(2000L * 16384 + 1));
        long gib = 1L << 30;
        int length = TorrentCreator.autoPieceLength(gib);
        assertEquals(1 << 20, length);
        for (long total = 40L << 20; total < (8L << 30); total = total * 3 / 2) {
            long pieces = (total + TorrentCreator.autoPieceLength(total) - 1) / TorrentCreator.autoPieceLength(total);
            assertTrue(pieces > 1000 && pieces <= 2000, total + " bytes give " + pieces + " pieces");
        }
        assertEquals(16 << 20, TorrentCreator.autoPieceLength(1L << 40), "capped at 16 MiB");
    }

    @ParameterizedTest
    @ValueSource(ints = {8192, 49152, 128 << 20, -16384, 16385, 1 << 31})
    void invalidPieceLengthsAreRefused(int pieceLength) throws IOException {
        Path file = Files.write(tmp.resolve("f.bin"), new byte[100]);
        MetainfoException e = assertThrows(MetainfoException.class,
                () -> TorrentCreator.of(file).pieceLength(pieceLength).create());
        assertTrue(e.getMessage().startsWith("piece length " + pieceLength), e.getMessage());
    }

    @Test
    void largestPieceLengthIsAccepted() throws IOException {
        Path file = Files.write(tmp.resolve("f.bin"), new byte[100]);
        byte[] torrent = TorrentCreator.of(file).pieceLength(64 << 20).create().bytes();
        assertEquals(64 << 20, MetainfoReader.read(torrent).pieceLength());
    }

    @Test
    void singleFileLayoutAndOptionalKeys() throws IOException {
        Path file = Files.write(tmp.resolve("movie.bin"), TestTorrents.randomBytes(50_000, 7));
        byte[] plain = TorrentCreator.of(file).createdBy(null).creationDate(null).create().bytes();
        Map<String, Object> top = decode(plain);
        assertEquals(Set.of("info"), top.keySet());
        Map<String, Object> info = info(plain);
        assertEquals(Set.of("length", "name", "piece length", "pieces"), info.keySet());
        assertEquals(50_000L, info.get("length"));

        byte[] dated = TorrentCreator.of(file).name("renamed").creationDate(Instant.ofEpochSecond(1_700_000_000))
                .compat(Compat.TRANSMISSION).create().bytes();
        assertEquals(1_700_000_000L, decode(dated).get("creation date"));
        assertEquals("yamtorrent", MetainfoReader.read(dated).createdBy());
        assertEquals("renamed", MetainfoReader.read(dated).name());
        assertEquals(0L, info(dated).get("private"), "transmission always writes private");
    }

    @Test
    void parallelHashingMatchesSequentialReference() throws IOException {
        byte[] big = TestTorrents.randomBytes(6 * 1024 * 1024 + 17, 8);
        byte[] small = TestTorrents.randomBytes(77_777, 9);
        Path dir = tmp.resolve("d");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("1-big.bin", big);
        files.put("2-small.bin", small);
        TestTorrents.writeTree(dir, files);
        Metainfo m = MetainfoReader.read(TorrentCreator.of(dir).pieceLength(16384).create().bytes());
        byte[] expected = TestTorrents.hashPieces(TestTorrents.payload(files), 16384);
        assertEquals(expected.length / Sha1.LENGTH, m.pieceCount());
        for (int i = 0; i < m.pieceCount(); i++) {
            assertTrue(m.pieceHashEquals(i, Arrays.copyOfRange(expected, i * 20, i * 20 + 20)), "piece " + i);
        }
    }

    /** Hidden and empty files, empty directories and links, under each convention. */
    @Test
    void fileSelectionPolicies() throws IOException {
        Path dir = tmp.resolve("tree");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.txt", new byte[] {1});
        files.put(".hidden", new byte[] {2});
        files.put(".dot/inside", new byte[] {3});
        files.put("empty", new byte[0]);
        files.put("real/x", new byte[] {4, 5});
        TestTorrents.writeTree(dir, files);
        Files.createDirectories(dir.resolve("emptydir/nested"));
        Files.createSymbolicLink(dir.resolve("filelink"), dir.resolve("a.txt"));
        Files.createSymbolicLink(dir.resolve("dirlink"), dir.resolve("real"));
        Files.createSymbolicLink(tmp.resolve("outside-link"), dir.resolve("real/x"));
        Files.createSymbolicLink(dir.resolve("via-outside"), tmp.resolve("outside-link"));

        Metainfo mk = MetainfoReader.read(TorrentCreator.of(dir).create().bytes());
        assertEquals(List.of("tree/.dot/inside", "tree/.hidden", "tree/a.txt", "tree/dirlink/x", "tree/empty",
                "tree/filelink", "tree/real/x", "tree/via-outside"), paths(mk));
        assertEquals(2, mk.files().get(3).length(), "links are followed");

        Metainfo tr = MetainfoReader.read(TorrentCreator.of(dir).compat(Compat.TRANSMISSION).create().bytes());
        assertEquals(List.of("tree/a.txt", "tree/dirlink/x", "tree/filelink", "tree/real/x", "tree/via-outside"),
                paths(tr));
    }

    @Test
    void danglingLinkFailsForMktorrentAndIsSkippedForTransmission() throws IOException {
        Path dir = tmp.resolve("tree");
        TestTorrents.writeTree(dir, Map.of("a.bin", new byte[10]));
        Files.createSymbolicLink(dir.resolve("dangling"), tmp.resolve("nowhere"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TorrentCreator.of(dir).create());
        assertTrue(e.getMessage().contains("dangling"), e.getMessage());
        Metainfo tr = MetainfoReader.read(TorrentCreator.of(dir).compat(Compat.TRANSMISSION).create().bytes());
        assertEquals(List.of("tree/a.bin"), paths(tr));
    }

    @Test
    void linkLoopIsAnError() throws IOException {
        Path dir = tmp.resolve("tree");
        TestTorrents.writeTree(dir, Map.of("sub/a.bin", new byte[10]));
        Files.createSymbolicLink(dir.resolve("sub/loop"), dir);
        assertThrows(FileSystemLoopException.class, () -> TorrentCreator.of(dir).create());
    }

    @Test
    void unrepresentableInputsAreRefused() throws IOException {
        Path dir = tmp.resolve("tree");
        TestTorrents.writeTree(dir, Map.of("only/empty", new byte[0]));
        MetainfoException empty = assertThrows(MetainfoException.class, () -> TorrentCreator.of(dir).create());
        assertTrue(empty.getMessage().contains("holds no data"), empty.getMessage());

        TestTorrents.writeTree(dir, Map.of("back\\slash", new byte[1]));
        MetainfoException slash = assertThrows(MetainfoException.class, () -> TorrentCreator.of(dir).create());
        assertTrue(slash.getMessage().contains("path separator"), slash.getMessage());

        Path file = Files.write(tmp.resolve("f.bin"), new byte[1]);
        assertThrows(MetainfoException.class, () -> TorrentCreator.of(file).name("a/b").create());
        assertThrows(MetainfoException.class, () -> TorrentCreator.of(file).announce("").create());
        assertThrows(MetainfoException.class, () -> TorrentCreator.of(file).announceList(List.of(List.of()))
                .create());
        assertThrows(NoSuchFileException.class, () -> TorrentCreator.of(tmp.resolve("missing")).create());
    }

    @Test
    void infoHashIsTheHashOfTheEncodedInfo() throws IOException {
        Path file = Files.write(tmp.resolve("f.bin"), TestTorrents.randomBytes(40_000, 10));
        TorrentCreator.Result r = TorrentCreator.of(file).announce("http://t.example/a").privateFlag(true).create();
        Metainfo m = MetainfoReader.read(r.bytes());
        assertEquals(m.infoHash(), r.infoHash());
        assertEquals(InfoHash.sha1(m.rawInfo(), 0, m.rawInfo().length), r.infoHash());
        assertFalse(m.rawInfo().length == 0);
    }
}
