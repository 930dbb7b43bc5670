package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * The disk side on its own: runs of blocks written together, blocks ahead of the hash read back, pieces across
 * files, and every block buffer released whatever happens (a leak here would be direct memory on a real peer).
 */
@Timeout(30)
class PieceWriterTest {

    private static final int PIECE = 4 * Block.SIZE;

    @TempDir
    Path tmp;

    private final ExecutorService disk = Executors.newSingleThreadExecutor();
    private final List<Integer> verified = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
    private final List<RuntimeException> diskErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<ByteBuf> sent = new ArrayList<>();
    private CountDownLatch ended;
    private PieceStore store;

    @AfterEach
    void tearDown() throws InterruptedException {
        disk.shutdown();
        disk.awaitTermination(10, TimeUnit.SECONDS);
        store.close();
    }

    private PieceWriter writer(Metainfo m, int pieces) {
        ended = new CountDownLatch(pieces);
        store = PieceStore.open(m, tmp, null);
        return new PieceWriter(m, store, disk, 1 << 20, new PieceWriter.Callback() {
            @Override
            public void verified(int piece) {
                verified.add(piece);
                ended.countDown();
            }

            @Override
            public void failed(int piece) {
                failed.add(piece);
                ended.countDown();
            }

            @Override
            public void diskError(RuntimeException e) {
                diskErrors.add(e);
                ended.countDown();
            }

            @Override
            public void drained() {
            }
        });
    }

    /** Queues the blocks of {@code order} (block indexes over the whole payload) and starts the disk on them. */
    private void write(PieceWriter w, Metainfo m, byte[] payload, int... order) {
        int perPiece = PIECE / Block.SIZE;
        int[] received = new int[m.pieceCount()];
        for (int i : order) {
            int piece = i / perPiece;
            int offset = i % perPiece * Block.SIZE;
            int length = Math.min(Block.SIZE, m.pieceSize(piece) - offset);
            ByteBuf data = Unpooled.directBuffer(length).writeBytes(payload, piece * PIECE + offset, length);
            sent.add(data);
            boolean last = ++received[piece] == (m.pieceSize(piece) + Block.SIZE - 1) / Block.SIZE;
            w.write(new Block(piece, offset, length), data, last);
        }
        w.startQueued();
    }

    private void assertAllReleased() {
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt(), "every block buffer is released once written or dropped");
        }
    }

    @Test
    void blocksInOrderAreWrittenInRunsAndVerify() throws Exception {
        writesAndVerifies(3 * PIECE - 100, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void blocksAheadOfTheHashAreReadBackAndTheRunStillCounts() throws Exception {
        writesAndVerifies(2 * PIECE, 2, 3, 1, 0, 2, 4, 5, 7, 6);
    }

    /** A single file of {@code length} bytes whose blocks arrive in {@code order}: every piece verifies, bit-exact. */
    private void writesAndVerifies(int length, long seed, int... order) throws Exception {
        byte[] payload = TestTorrents.randomBytes(length, seed);
        Metainfo m = TestTorrents.singleFile("w.bin", payload, PIECE);
        PieceWriter w = writer(m, m.pieceCount());
        write(w, m, payload, order);
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertEquals(java.util.stream.IntStream.range(0, m.pieceCount()).boxed().toList(), verified);
        assertTrue(failed.isEmpty() && diskErrors.isEmpty());
        assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("w.bin")));
        assertAllReleased();
    }

    @Test
    void aRunAcrossFilesIsWrittenIntoEach() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(Block.SIZE + 300, 3));
        files.put("b.bin", TestTorrents.randomBytes(PIECE, 4));
        files.put("c.bin", TestTorrents.randomBytes(700, 5));
        byte[] payload = TestTorrents.payload(files);
        Metainfo m = TestTorrents.multiFile("album", files, PIECE);
        PieceWriter w = writer(m, m.pieceCount());
        int blocks = (payload.length + Block.SIZE - 1) / Block.SIZE;
        int[] order = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            order[i] = i;
        }
        write(w, m, payload, order);
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertEquals(m.pieceCount(), verified.size());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(tmp.resolve("album").resolve(f.getKey())), f.getKey());
        }
        assertAllReleased();
    }

    @Test
    void aDiskErrorIsReportedOnceAndReleasesEveryHeldBlock() throws Exception {
        byte[] payload = TestTorrents.randomBytes(2 * PIECE, 6);
        Metainfo m = TestTorrents.singleFile("w.bin", payload, PIECE);
        PieceWriter w = writer(m, 1);
        store.close(); // every write now fails: the run held for piece 0 as well as the blocks after it
        write(w, m, payload, 0, 1, 2, 3, 4, 5, 6, 7);
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        CountDownLatch idle = new CountDownLatch(1);
        w.afterWrites(idle::countDown); // dropped once stopped: the disk queue is simply past the writes
        disk.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertEquals(1, diskErrors.size(), "one disk error, then later blocks are dropped: " + diskErrors);
        assertTrue(verified.isEmpty() && failed.isEmpty());
        assertEquals(1, idle.getCount(), "nothing runs after a disk error");
        assertAllReleased();
    }
}
