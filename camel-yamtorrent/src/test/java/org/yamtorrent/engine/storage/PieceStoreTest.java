package org.yamtorrent.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.metainfo.TestTorrents;

@Timeout(60)
class PieceStoreTest {

    static final int PIECE = 4096;

    @TempDir
    Path tmp;

    /**
     * 15700 bytes in 4 pieces; piece 1 crosses a.bin, sub/b.bin, sub/deeper/c.bin and d.bin, with empty files
     * between them.
     */
    static Map<String, byte[]> spanningFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(5000, 11));
        files.put("empty1", new byte[0]);
        files.put("sub/b.bin", TestTorrents.randomBytes(1000, 12));
        files.put("sub/deeper/c.bin", TestTorrents.randomBytes(700, 13));
        files.put("e2", new byte[0]);
        files.put("d.bin", TestTorrents.randomBytes(9000, 14));
        files.put("sub/e3", new byte[0]);
        return files;
    }

    /** x.bin, a BEP 47 pad to the piece boundary, y.bin of exactly one piece, z.bin: 4 pieces. */
    static Map<String, byte[]> paddedFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("x.bin", TestTorrents.randomBytes(5000, 21));
        files.put(".pad/3192", new byte[3192]);
        files.put("y.bin", TestTorrents.randomBytes(PIECE, 22));
        files.put("z.bin", TestTorrents.randomBytes(100, 23));
        return files;
    }

    static byte[] pieceDigest(byte[] payload, int piece) {
        byte[] all = TestTorrents.hashPieces(payload, PIECE);
        return Arrays.copyOfRange(all, piece * Sha1.LENGTH, (piece + 1) * Sha1.LENGTH);
    }

    /** Writes the piece in blocks of up to 1500 bytes, alternating heap and direct buffers. */
    static void writePiece(PieceStore store, byte[] payload, int piece) {
        int start = piece * PIECE;
        int size = Math.min(PIECE, payload.length - start);
        for (int off = 0; off < size; off += 1500) {
            int n = Math.min(1500, size - off);
            ByteBuffer block = (off / 1500) % 2 == 0 ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
            block.put(payload, start + off, n).flip();
            assertTrue(store.writeBlock(piece, off, block));
            assertFalse(block.hasRemaining(), "the block is consumed");
        }
    }

    /** Writes every piece; even ones are counted from the caller's digest, odd ones read back from disk. */
    static void writeAll(PieceStore store, byte[] payload) {
        for (int piece = 0; piece < store.metainfo().pieceCount(); piece++) {
            writePiece(store, payload, piece);
            if (piece % 2 == 0) {
                assertTrue(store.markVerified(piece, pieceDigest(payload, piece)));
            } else {
                assertTrue(store.verifyPiece(piece));
            }
        }
    }

    static Set<Integer> verified(PieceStore store) {
        return verifiedOf(store.bitfield());
    }

    static Set<Integer> verifiedOf(Bitfield b) {
        Set<Integer> set = new TreeSet<>();
        for (int i = b.nextSet(0); i >= 0; i = b.nextSet(i + 1)) {
            set.add(i);
        }
        return set;
    }

    static void assertFilesOnDisk(Path target, String name, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = target.resolve(name).resolve(e.getKey());
            if (e.getKey().startsWith(".pad/")) {
                assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), "pad file " + p + " must not exist");
            } else {
                assertArrayEquals(e.getValue(), Files.readAllBytes(p), e.getKey());
            }
        }
    }

    /** Replaces bytes of a file keeping its size and modification time. */
    static void corruptKeepingMtime(Path file, int at) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] data = Files.readAllBytes(file);
        data[at] ^= 0x5a;
        Files.write(file, data);
        Files.setLastModifiedTime(file, mtime);
    }

    @Test
    void blocksSpanningFilesLandInEachFile() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        Metainfo meta = TestTorrents.multiFile("t", files, PIECE);
        Path target = tmp.resolve("target");
        try (PieceStore store = PieceStore.open(meta, target, null)) {
            assertEquals(Set.of(), verified(store));
            writeAll(store, payload);
            assertTrue(store.isComplete());
            assertFilesOnDisk(target, "t", files);
            for (String empty : new String[] {"empty1", "e2", "sub/e3"}) {
                assertTrue(Files.isRegularFile(target.resolve("t").resolve(empty)), empty + " created on completion");
            }
            ByteBuffer direct = ByteBuffer.allocateDirect(PIECE);
            store.readBlock(1, 0, direct);
            direct.flip();
            byte[] read = new byte[PIECE];
            direct.get(read);
            assertArrayEquals(Arrays.copyOfRange(payload, PIECE, 2 * PIECE), read);
            ByteBuffer heap = ByteBuffer.allocate(100);
            store.readBlock(3, 3312, heap);
            assertArrayEquals(Arrays.copyOfRange(payload, 3 * PIECE + 3312, payload.length), heap.array());
        }
    }

    @Test
    void filesAreCreatedOnFirstWriteAndEmptyOnesOnRequest() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        Path target = tmp.resolve("target");
        try (PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), target, null)) {
            assertFalse(Files.exists(target), "open creates nothing");
            writePiece(store, payload, 3);
            assertTrue(Files.isRegularFile(target.resolve("t/d.bin")));
            assertFalse(Files.exists(target.resolve("t/a.bin")));
            assertFalse(Files.exists(target.resolve("t/sub")));
            assertFalse(Files.exists(target.resolve("t/empty1")));
            store.createEmptyFiles();
            assertEquals(0, Files.size(target.resolve("t/empty1")));
            assertEquals(0, Files.size(target.resolve("t/sub/e3")));
            assertFalse(Files.exists(target.resolve("t/sub/b.bin")), "only the empty files");
        }
    }

    @Test
    void onlyMatchingHashesCount() {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        try (PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), tmp, null)) {
            for (int piece = 0; piece < 3; piece++) {
                writePiece(store, payload, piece);
                assertTrue(store.verifyPiece(piece));
            }
            byte[] bad = payload.clone();
            bad[3 * PIECE + 7] ^= 1;
            writePiece(store, bad, 3);
            assertFalse(store.verifyPiece(3));
            assertFalse(store.markVerified(3, pieceDigest(bad, 3)), "digest of the wrong bytes");
            assertFalse(store.isVerified(3));
            assertFalse(store.isComplete());
            assertThrows(StorageException.class, () -> store.readBlock(3, 0, ByteBuffer.allocate(10)));
            assertThrows(IllegalArgumentException.class, () -> store.markVerified(3, new byte[19]));
            assertThrows(StorageException.class, () -> store.writeBlock(4, 0, ByteBuffer.allocate(1)));
            assertThrows(StorageException.class, () -> store.writeBlock(3, 3400, ByteBuffer.allocate(13)));
        }
    }

    @Test
    void writesToVerifiedPiecesAreDropped() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        try (PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), tmp, null)) {
            writePiece(store, payload, 0);
            assertTrue(store.markVerified(0, pieceDigest(payload, 0)));
            ByteBuffer garbage = ByteBuffer.wrap(new byte[1000]);
            assertFalse(store.writeBlock(0, 10, garbage));
            assertEquals(1000, garbage.remaining(), "a dropped block is left unread");
            assertArrayEquals(Arrays.copyOf(payload, PIECE), Files.readAllBytes(tmp.resolve("t/a.bin")));
            assertTrue(store.verifyPiece(0));
        }
    }

    @Test
    void padFilesAreNeverCreatedAndReadAsZeros() throws IOException {
        Map<String, byte[]> files = paddedFiles();
        byte[] payload = TestTorrents.payload(files);
        Metainfo meta = TestTorrents.multiFile("t", files, PIECE);
        assertTrue(meta.files().get(1).isPadding());
        try (PieceStore store = PieceStore.open(meta, tmp, null)) {
            ByteBuffer ones = ByteBuffer.allocate(3192);
            Arrays.fill(ones.array(), (byte) 1);
            assertTrue(store.writeBlock(1, 904, ones), "accepted, and dropped on the floor");
            writeAll(store, payload);
            assertTrue(store.isComplete());
            ByteBuffer block = ByteBuffer.allocateDirect(3196);
            store.readBlock(1, 900, block);
            block.flip();
            byte[] read = new byte[3196];
            block.get(read);
            assertArrayEquals(Arrays.copyOfRange(payload, PIECE + 900, 2 * PIECE), read);
            assertEquals(0, read[3195]);
        }
        assertFilesOnDisk(tmp, "t", files);
        assertEquals(5000, Files.size(tmp.resolve("t/x.bin")));
        assertFalse(Files.exists(tmp.resolve("t/.pad")));
    }

    @Test
    void partialDataOnStartVerifiesOnlyWholeMatchingPieces() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        Files.createDirectories(tmp.resolve("t/sub/deeper"));
        Files.write(tmp.resolve("t/a.bin"), files.get("a.bin"));
        Files.write(tmp.resolve("t/sub/deeper/c.bin"), files.get("sub/deeper/c.bin"));
        // sub/b.bin missing; d.bin only 6000 of its 9000 bytes, so piece 2 (d.bin up to 5588) is whole
        Files.write(tmp.resolve("t/d.bin"), Arrays.copyOf(files.get("d.bin"), 6000));
        try (PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), tmp,
                tmp.resolve("resume/t.resume"))) {
            assertEquals(Set.of(0, 2), verified(store));
            assertFalse(store.isComplete());
        }
        assertFalse(Files.exists(tmp.resolve("t/sub/b.bin")), "checking creates nothing");
    }

    @Test
    void completeDataOnStartIsCompleteAndCreatesEmptyFiles() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getValue().length > 0) {
                Path p = tmp.resolve("t").resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        }
        try (PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), tmp, null)) {
            assertTrue(store.isComplete());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("t/sub/e3")));
    }

    /**
     * Pause and resume: the reopened store has exactly the verified set and did not hash: a byte corrupted while
     * size and mtime were kept is not noticed. That is the intended fast-resume trade-off (as in libtorrent); the
     * piece is caught again when re-verified.
     */
    @Test
    void pauseAndResumeKeepsVerifiedSetWithoutRehashing() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        Metainfo meta = TestTorrents.multiFile("t", files, PIECE);
        Path resume = tmp.resolve("state/t.resume");
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("data"), resume)) {
            for (int piece : new int[] {0, 2, 3}) {
                writePiece(store, payload, piece);
                assertTrue(store.verifyPiece(piece));
            }
        }
        assertTrue(Files.isRegularFile(resume));
        try (Stream<Path> s = Files.list(resume.getParent())) {
            assertEquals(Set.of("t.resume"), s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        corruptKeepingMtime(tmp.resolve("data/t/d.bin"), 9000 - 10);
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("data"), resume)) {
            assertEquals(Set.of(0, 2, 3), verified(store), "record trusted: no re-hash happened");
            assertFalse(store.verifyPiece(3), "re-verifying finds the corruption");
            assertEquals(Set.of(0, 2), verified(store));
        }
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("data"), resume)) {
            assertEquals(Set.of(0, 2), verified(store), "the last close recorded the smaller set");
        }
    }

    @Test
    void modifiedFileAfterPauseForcesFullCheck() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        Metainfo meta = TestTorrents.multiFile("t", files, PIECE);
        Path resume = tmp.resolve("t.resume");
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("data"), resume)) {
            writeAll(store, payload);
            assertTrue(store.isComplete());
        }
        Path d = tmp.resolve("data/t/d.bin");
        FileTime before = Files.getLastModifiedTime(d);
        corruptKeepingMtime(d, 9000 - 10);
        Files.setLastModifiedTime(d, FileTime.fromMillis(before.toMillis() + 2000));
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("data"), resume)) {
            assertEquals(Set.of(0, 1, 2), verified(store));
            assertFalse(store.isComplete());
        }
    }

    @Test
    void grownOrDeletedFileAfterPauseForcesFullCheck() throws IOException {
        Map<String, byte[]> files = spanningFiles();
        byte[] payload = TestTorrents.payload(files);
        Metainfo meta = TestTorrents.multiFile("t", files, PIECE);
        Path resume = tmp.resolve("t.resume");
        try (PieceStore store = PieceStore.open(meta, tmp, resume)) {
            writeAll(store, payload);
        }
        Files.delete(tmp.resolve("t/sub/b.bin"));
        try (PieceStore store = PieceStore.open(meta, tmp, resume)) {
            assertEquals(Set.of(0, 2, 3), verified(store));
        }
    }

    @Test
    void closedStoreRefusesIo() {
        Map<String, byte[]> files = spanningFiles();
        PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), tmp, null);
        store.close();
        store.close();
        assertThrows(StorageException.class, () -> store.writeBlock(0, 0, ByteBuffer.allocate(1)));
        assertThrows(StorageException.class, () -> store.verifyPiece(0));
    }

    @Test
    void manyFilesThroughASmallChannelCache() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            files.put("dir" + (i % 4) + "/f" + i, TestTorrents.randomBytes(1000 + i, 100 + i));
        }
        byte[] payload = TestTorrents.payload(files);
        Metainfo meta = TestTorrents.multiFile("many", files, PIECE);
        try (PieceStore store = PieceStore.open(meta, tmp, null, 3)) {
            writeAll(store, payload);
            assertTrue(store.isComplete());
            for (int piece = 0; piece < meta.pieceCount(); piece++) {
                assertTrue(store.verifyPiece(piece), "piece " + piece + " reads back");
            }
        }
        assertFilesOnDisk(tmp, "many", files);
    }

    /**
     * A real I/O error even for root, which ignores permissions: each component is acceptable but the whole path
     * exceeds the system's path length limit (4096 bytes on Linux), so creating its directories fails.
     */
    @Test
    void diskErrorNamesTheFileAndLeavesVerifiedPiecesAlone() {
        String longName = String.join("/", java.util.Collections.nCopies(20, "d".repeat(250))) + "/f.bin";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ok.bin", TestTorrents.randomBytes(PIECE, 31));
        files.put(longName, TestTorrents.randomBytes(PIECE, 32));
        byte[] payload = TestTorrents.payload(files);
        try (PieceStore store = PieceStore.open(TestTorrents.multiFile("t", files, PIECE), tmp, null)) {
            writePiece(store, payload, 0);
            assertTrue(store.verifyPiece(0));
            StorageException e = assertThrows(StorageException.class,
                    () -> store.writeBlock(1, 0, ByteBuffer.wrap(payload, PIECE, 100)));
            assertTrue(e.getMessage().startsWith("write t/" + longName), e.getMessage());
            assertEquals(Set.of(0), verified(store));
            assertTrue(store.verifyPiece(0));
        }
    }

    @Test
    void singleFileTorrentLivesDirectlyInTheTarget() throws IOException {
        byte[] data = TestTorrents.randomBytes(10_000, 41);
        Metainfo meta = TestTorrents.singleFile("movie.bin", data, PIECE);
        try (PieceStore store = PieceStore.open(meta, tmp, null)) {
            writeAll(store, data);
            assertTrue(store.isComplete());
        }
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("movie.bin")));
    }
}
