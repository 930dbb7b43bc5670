package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.storage.PieceStore;

/** What TorrentCreator writes, MetainfoReader reads back unchanged. */
@Timeout(60)
class TorrentCreatorRoundTripTest {

    static final List<List<String>> TIERS = List.of(List.of("http://a.example/announce", "udp://b.example:6969"),
            List.of("http://c.example/announce"));

    @TempDir
    Path tmp;

    private static void assertPieces(byte[] payload, int pieceLength, Metainfo m) {
        byte[] expected = TestTorrents.hashPieces(payload, pieceLength);
        assertEquals(expected.length / Sha1.LENGTH, m.pieceCount());
        for (int i = 0; i < m.pieceCount(); i++) {
            assertTrue(m.pieceHashEquals(i, Arrays.copyOfRange(expected, i * Sha1.LENGTH, (i + 1) * Sha1.LENGTH)),
                    "piece " + i);
        }
    }

    @Test
    void singleFile() throws IOException {
        byte[] data = TestTorrents.randomBytes(300_000, 1);
        Path file = Files.write(tmp.resolve("data.bin"), data);
        TorrentCreator.Result r = TorrentCreator.of(file).name("Renamed \u00e9t\u00e9.bin").announceList(TIERS)
                .urlList(List.of("http://seed.example/files/")).comment("a comment \u2713").privateFlag(true)
                .createdBy("tests").creationDate(Instant.ofEpochSecond(1_234_567_890)).pieceLength(65536).create();
        Metainfo m = MetainfoReader.read(r.bytes());
        assertEquals(r.infoHash(), m.infoHash());
        assertTrue(m.isSingleFile());
        assertEquals("Renamed \u00e9t\u00e9.bin", m.name());
        assertEquals(List.of(new FileEntry(List.of("Renamed \u00e9t\u00e9.bin"), data.length, 0, "")), m.files());
        assertEquals(65536, m.pieceLength());
        assertPieces(data, 65536, m);
        assertTrue(m.isPrivate());
        assertEquals("http://a.example/announce", m.announce(), "announce defaults to the first tracker");
        assertEquals(TIERS, m.announceList());
        assertEquals(List.of("http://seed.example/files/"), m.urlList());
        assertEquals("a comment \u2713", m.comment());
        assertEquals("tests", m.createdBy());
        assertEquals(1_234_567_890L, m.creationDate());
    }

    /** The created torrent's own files pass the storage's full check: ready to seed. */
    @Test
    void createdTorrentVerifiesAgainstItsFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("x/1.bin", TestTorrents.randomBytes(100_000, 5));
        files.put("x/2.bin", new byte[0]);
        files.put("y.bin", TestTorrents.randomBytes(33_333, 6));
        Path dir = tmp.resolve("seed");
        TestTorrents.writeTree(dir, files);
        Metainfo m = MetainfoReader.read(TorrentCreator.of(dir).pieceLength(16384).create().bytes());
        try (PieceStore store = PieceStore.open(m, tmp, null)) {
            assertTrue(store.isComplete());
        }
    }

    @Test
    void multiFile() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("A/first.bin", TestTorrents.randomBytes(40_000, 2));
        files.put("A/nested/deeper/second.bin", TestTorrents.randomBytes(70_001, 3));
        files.put("b-empty", new byte[0]);
        files.put("c.txt", TestTorrents.randomBytes(5, 4));
        Path dir = tmp.resolve("My Torrent");
        TestTorrents.writeTree(dir, files);
        TorrentCreator.Result r = TorrentCreator.of(dir).announce("http://only.example/announce")
                .comment("multi").creationDate(null).create();
        Metainfo m = MetainfoReader.read(r.bytes());
        assertEquals(r.infoHash(), m.infoHash());
        assertFalse(m.isSingleFile());
        assertEquals("My Torrent", m.name());
        long offset = 0;
        int i = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            List<String> path = new ArrayList<>(List.of("My Torrent"));
            path.addAll(List.of(e.getKey().split("/")));
            assertEquals(new FileEntry(path, e.getValue().length, offset, ""), m.files().get(i++));
            offset += e.getValue().length;
        }
        assertEquals(files.size(), m.files().size());
        assertEquals(16384, m.pieceLength(), "automatic: 110006 bytes fit 16 KiB pieces");
        assertPieces(TestTorrents.payload(files), 16384, m);
        assertFalse(m.isPrivate());
        assertEquals("http://only.example/announce", m.announce());
        assertEquals(List.of(), m.announceList());
        assertEquals(List.of(List.of("http://only.example/announce")), m.trackerTiers());
        assertEquals("multi", m.comment());
        assertEquals(null, m.creationDate());
    }
}
