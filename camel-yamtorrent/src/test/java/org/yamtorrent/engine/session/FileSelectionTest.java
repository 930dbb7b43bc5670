package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.picker.FilePriority;

/**
 * Downloading some files of a torrent from a seeder over loopback. The torrent: a.bin (300,000 bytes), b.bin
 * (200,000), c.bin (500,000) in pieces of 64 KiB, so piece 4 holds the end of a and the start of b, piece 7 the end
 * of b and the start of c.
 */
@Timeout(120)
class FileSelectionTest {

    private static final FilePriority SKIP = FilePriority.SKIP;
    private static final FilePriority NORMAL = FilePriority.NORMAL;

    @TempDir
    Path tmp;

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Metainfo m;

    FileSelectionTest() {
        files.put("a.bin", TestTorrents.randomBytes(300_000, 41));
        files.put("b.bin", TestTorrents.randomBytes(200_000, 42));
        files.put("c.bin", TestTorrents.randomBytes(500_000, 43));
        m = TestTorrents.multiFile("sel", files, 64 * 1024);
    }

    private Session seeder() throws Exception {
        Swarms.writePayload(m, files, tmp.resolve("seed"));
        Session seeder = Session.open(Swarms.config(null));
        seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
        return seeder;
    }

    private void assertFile(Path dir, String name) throws Exception {
        assertArrayEquals(files.get(name), Files.readAllBytes(dir.resolve("sel").resolve(name)), name + " bit-exact");
    }

    @Test
    void oneFileSelectedIsDownloadedAloneAndTheOthersAreNotCreated() throws Exception {
        List<Integer> completedFiles = new CopyOnWriteArrayList<>();
        Path dir = tmp.resolve("leech");
        try (Session seeder = seeder(); Session leecher = Session.open(Swarms.config(tmp.resolve("resume")))) {
            TorrentHandle t = leecher.add(m, dir, new TorrentOptions().seedForever()
                    .addStaticPeer(Swarms.local(seeder))
                    .filePriorities(List.of(SKIP, NORMAL, SKIP))
                    .addListener(new TorrentListener() {
                        @Override
                        public void fileCompleted(TorrentHandle torrent, int index, FileEntry f) {
                            completedFiles.add(index);
                        }
                    }));
            t.completion().get(60, TimeUnit.SECONDS);
            assertEquals(TorrentState.SEEDING, t.state(), "complete for its selection, it seeds what it has");
            assertEquals(100.0, t.progress().percent());
            assertEquals(4 * 64 * 1024, t.progress().totalBytes(), "pieces 4..7 hold b.bin");
            assertTrue(t.progress().downloaded() < m.totalLength() / 2, "only b's pieces were fetched: "
                    + t.progress().downloaded());
            assertEquals(List.of(1), completedFiles, "only the selected file completes");
            assertFile(dir, "b.bin");
            assertFalse(Files.exists(dir.resolve("sel/a.bin")), "a.bin not created");
            assertFalse(Files.exists(dir.resolve("sel/c.bin")), "c.bin not created");
            assertThrows(TorrentException.class, () -> t.openStream(0), "a skipped file cannot be streamed");
        }
    }

    @Test
    void theSelectionChangesMidDownloadThroughTheEngineApi() throws Exception {
        Path dir = tmp.resolve("leech");
        try (Session seeder = seeder(); Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle[] handle = new TorrentHandle[1];
            TorrentHandle t = leecher.add(m, dir, new TorrentOptions().seedForever()
                    .addStaticPeer(Swarms.local(seeder))
                    .filePriorities(List.of(SKIP, NORMAL, SKIP))
                    .addListener(new TorrentListener() {
                        @Override
                        public void pieceVerified(TorrentHandle torrent, int piece) {
                            if (handle[0] == null) {
                                handle[0] = torrent;
                                torrent.setFilePriorities(List.of(FilePriority.HIGH, NORMAL, SKIP));
                            }
                        }
                    }));
            // the store takes a new selection on the disk thread: once it has, the pieces of a and b (0..7) count
            Swarms.waitFor(() -> t.state() == TorrentState.SEEDING && t.progress().totalBytes() == 8 * 64 * 1024
                    && t.progress().percent() == 100.0, Duration.ofSeconds(60), "a and b complete");
            assertFile(dir, "a.bin");
            assertFile(dir, "b.bin");
            assertFalse(Files.exists(dir.resolve("sel/c.bin")), "c.bin still not selected, not created");

            t.setFilePriorities(List.of(NORMAL, NORMAL, NORMAL));
            Swarms.waitFor(() -> t.state() == TorrentState.SEEDING && t.progress().verifiedPieces() == m.pieceCount(),
                    Duration.ofSeconds(60), "c selected after completion: downloading again, then complete");
            Swarms.assertSamePayload(m, tmp.resolve("seed"), dir, true);
            assertFalse(Files.exists(dir.resolve("." + m.infoHash().hex() + ".parts")), "the part file is gone");
            assertThrows(TorrentException.class, () -> t.setFilePriorities(List.of(NORMAL)), "one per file");
        }
    }

    @Test
    void aMagnetsSoSelectsFilesOnceTheMetadataArrives() throws Exception {
        String link = "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=sel&so=2";
        try (Session session = Session.open(Swarms.config(null))) {
            TorrentHandle t = session.add(m.infoHash(), tmp.resolve("magnet"), new TorrentOptions()
                    .magnet(MagnetUri.parse(link)));
            assertEquals(List.of(), t.filePriorities(), "no files before the metadata");
            assertTrue(t.attachMetadata(m));
            assertEquals(List.of(SKIP, SKIP, NORMAL), t.filePriorities());
            TorrentOptions chosen = new TorrentOptions().filePriorities(List.of(NORMAL, SKIP, SKIP));
            assertEquals(List.of(NORMAL, SKIP, SKIP), chosen.magnet(MagnetUri.parse(link)).filePriorities().apply(m),
                    "an explicit selection wins over the link's so=");

            TorrentHandle bad = session.add(TestTorrents.singleFile("one", new byte[100], 16384).infoHash(),
                    tmp.resolve("bad"), new TorrentOptions().filePriorities(FileSelector.of(
                            MagnetUri.parse("magnet:?xt=urn:btih:00&so=0-3".replace("00", "0".repeat(40))))));
            bad.attachMetadata(TestTorrents.singleFile("one", new byte[100], 16384));
            ExecutionException e = assertThrows(ExecutionException.class, () -> bad.completion().get(10,
                    TimeUnit.SECONDS));
            assertInstanceOf(FileSelectionException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("file index 3"), e.getCause().getMessage());
        }
    }

    @Test
    void selectorsNameWhatDoesNotFit() {
        assertEquals(List.of(NORMAL, SKIP, NORMAL), FileSelector.parse("0, 2").apply(m));
        assertEquals(List.of(SKIP, NORMAL, NORMAL), FileSelector.parse("1-2").apply(m));
        assertEquals(List.of(NORMAL, SKIP, NORMAL), FileSelector.parse("a.*,c.bin").apply(m));
        assertEquals(List.of(NORMAL, NORMAL, NORMAL), FileSelector.parse("**").apply(m));
        FileSelectionException range = assertThrows(FileSelectionException.class,
                () -> FileSelector.parse("1,5").apply(m));
        assertTrue(range.getMessage().contains("file index 5") && range.getMessage().contains("0..2"),
                range.getMessage());
        FileSelectionException none = assertThrows(FileSelectionException.class,
                () -> FileSelector.parse("*.iso").apply(m));
        assertTrue(none.getMessage().contains("'*.iso'"), none.getMessage());
        assertThrows(FileSelectionException.class, () -> FileSelector.parse("1,,2"));
        assertThrows(FileSelectionException.class, () -> FileSelector.parse("3-1"));
        assertThrows(FileSelectionException.class, () -> FileSelector.parse("[a"));
    }
}
