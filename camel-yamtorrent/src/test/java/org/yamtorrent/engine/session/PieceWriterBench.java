package org.yamtorrent.engine.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.yamtorrent.bench.BlockBench;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * The write path: a received 16 KiB block (a pooled direct buffer, as the decoder hands it on) through
 * {@link PieceWriter} into a {@link PieceStore} on a 64 MiB file in the page cache, hashed in order, each piece
 * checked when its last block is in. The blocks never match the torrent, so every piece fails and is written
 * again on the next round. The disk executor runs tasks inline, started after each block. One operation is one block.
 */
public class PieceWriterBench extends BlockBench {

    private static final int PIECE_LENGTH = 1 << 20;
    private static final int PIECES = 64;
    private static final int BLOCKS_PER_PIECE = PIECE_LENGTH / Block.SIZE;

    private Path dir;
    private PieceStore store;
    private PieceWriter writer;
    private int next;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("yamtorrent-bench");
        Metainfo metainfo = TestTorrents.singleFile("bench", TestTorrents.randomBytes(PIECES * PIECE_LENGTH, 1),
                PIECE_LENGTH);
        store = PieceStore.open(metainfo, dir, null);
        writer = new PieceWriter(metainfo, store, Runnable::run, 64L << 20, new PieceWriter.Callback() {
            @Override
            public void verified(int piece) {
                throw new AssertionError("zeros verified piece " + piece);
            }

            @Override
            public void failed(int piece) {
            }

            @Override
            public void diskError(RuntimeException e) {
                throw e;
            }

            @Override
            public void drained() {
            }
        });
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public boolean writeBlock() {
        int piece = next / BLOCKS_PER_PIECE % PIECES;
        int index = next % BLOCKS_PER_PIECE;
        next++;
        ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(Block.SIZE);
        data.writerIndex(Block.SIZE);
        boolean full = writer.write(new Block(piece, index * Block.SIZE, Block.SIZE), data, index == BLOCKS_PER_PIECE - 1);
        writer.startQueued();
        return full;
    }
}
