package org.yamtorrent.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.storage.PieceStoreTest.PIECE;
import static org.yamtorrent.engine.storage.PieceStoreTest.pieceDigest;
import static org.yamtorrent.engine.storage.PieceStoreTest.verified;
import static org.yamtorrent.engine.storage.PieceStoreTest.writePiece;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/**
 * Selected files on disk: a.bin (5000 bytes), b.bin (6000), c.bin (3000) in pieces of 4096, so piece 1 holds the
 * end of a and the start of b, piece 2 the end of b and the start of c. Only b is selected.
 */
@Timeout(60)
class FileSelectionStoreTest {

    @TempDir
    Path tmp;

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final byte[] payload;
    private final Metainfo meta;

    FileSelectionStoreTest() {
        files.put("a.bin", TestTorrents.randomBytes(5000, 31));
        files.put("b.bin", TestTorrents.randomBytes(6000, 32));
        files.put("c.bin", TestTorrents.randomBytes(3000, 33));
        payload = TestTorrents.payload(files);
        meta = TestTorrents.multiFile("t", files, PIECE);
    }

    private static Bitfield files(int... indices) {
        Bitfield b = new Bitfield(3);
        for (int i : indices) {
            b.set(i);
        }
        return b;
    }

    /** Downloads the wanted pieces 1 and 2: one counted from its digest, the other read back (through the part file). */
    private void downloadB(PieceStore store) {
        assertEquals(Set.of(1, 2), PieceStoreTest.verifiedOf(store.wanted()));
        writePiece(store, payload, 1);
        assertTrue(store.markVerified(1, pieceDigest(payload, 1)));
        assertFalse(store.isComplete(), "piece 2 of b is still missing");
        writePiece(store, payload, 2);
        assertTrue(store.verifyPiece(2), "piece 2 hashes right: its bytes of c.bin come back from the part file");
    }

    @Test
    void aPieceSharedWithAnUnselectedFileWritesOnlyTheSelectedBytes() throws IOException {
        Path target = tmp.resolve("target");
        Path resume = tmp.resolve("state").resolve(meta.infoHash().hex() + ".resume");
        Path part = resume.resolveSibling(meta.infoHash().hex() + ".parts");
        try (PieceStore store = PieceStore.open(meta, target, resume, 4, files(1))) {
            downloadB(store);
            assertTrue(store.isComplete(), "complete for the selection");
            assertEquals(Set.of(1, 2), verified(store));
            ByteBuffer seeded = ByteBuffer.allocate(PIECE);
            store.readBlock(1, 0, seeded);
            assertArrayEquals(Arrays.copyOfRange(payload, PIECE, 2 * PIECE), seeded.array(),
                    "a shared piece is seeded whole");
        }
        assertArrayEquals(files.get("b.bin"), Files.readAllBytes(target.resolve("t/b.bin")), "b.bin bit-exact");
        assertFalse(Files.exists(target.resolve("t/a.bin")), "a.bin not created");
        assertFalse(Files.exists(target.resolve("t/c.bin")), "c.bin not created");
        assertTrue(Files.exists(part), "the unselected bytes of pieces 1 and 2 live in " + part);

        try (PieceStore store = PieceStore.open(meta, target, resume, 4, files(1))) {
            assertTrue(store.isComplete(), "the resume record is trusted");
        }
        Files.delete(resume);
        try (PieceStore store = PieceStore.open(meta, target, resume, 4, files(1))) {
            assertEquals(Set.of(1, 2), verified(store), "a full check verifies the shared pieces from the part file");
            assertTrue(store.isComplete());
        }
        Files.write(part, new byte[0]);
        try (PieceStore store = PieceStore.open(meta, target, resume, 4, files(1))) {
            assertEquals(Set.of(), verified(store), "a changed part file means a check; its lost bytes fail it");
        }
    }

    @Test
    void selectingAFileLaterMovesItsBytesOutOfThePartFile() throws IOException {
        Path target = tmp.resolve("target");
        try (PieceStore store = PieceStore.open(meta, target, null, 4, files(1))) {
            downloadB(store);
            assertTrue(store.isComplete());
            Path part = target.resolve("." + meta.infoHash().hex() + ".parts");
            assertTrue(Files.exists(part));

            assertFalse(store.select(files(0, 1, 2)), "pieces 0 and 3 are wanted now");
            assertFalse(Files.exists(part), "nothing lives in the part file any more");
            assertEquals(Set.of(0, 1, 2, 3), PieceStoreTest.verifiedOf(store.wanted()));
            writePiece(store, payload, 0);
            assertTrue(store.verifyPiece(0));
            writePiece(store, payload, 3);
            assertTrue(store.verifyPiece(3));
            assertTrue(store.verifyPiece(1), "piece 1 still hashes right with a.bin's bytes moved into a.bin");
            assertTrue(store.isComplete());
        }
        PieceStoreTest.assertFilesOnDisk(target, "t", files);
    }

    @Test
    void deselectingAnExistingFileKeepsItAndWritesOnInIt() throws IOException {
        Path target = tmp.resolve("target");
        try (PieceStore store = PieceStore.open(meta, target, null, 4, null)) {
            writePiece(store, payload, 1);
            assertTrue(store.verifyPiece(1));
            assertFalse(store.select(files(0)), "piece 0 of a.bin is still missing");
            assertEquals(Set.of(0, 1), PieceStoreTest.verifiedOf(store.wanted()));
            writePiece(store, payload, 0);
            assertTrue(store.verifyPiece(0));
            assertTrue(store.isComplete());
        }
        assertArrayEquals(files.get("a.bin"), Files.readAllBytes(target.resolve("t/a.bin")));
        assertArrayEquals(Arrays.copyOf(files.get("b.bin"), 2 * PIECE - 5000),
                Files.readAllBytes(target.resolve("t/b.bin")), "b.bin existed when it was deselected: it is kept");
        assertFalse(Files.exists(target.resolve("t/c.bin")));
        assertFalse(Files.exists(target.resolve("." + meta.infoHash().hex() + ".parts")), "no part file was needed");
    }
}
