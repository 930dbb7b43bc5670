package org.yamtorrent.engine.session;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * The disk side of downloading: writes received blocks and verifies pieces, off the network threads, one torrent's
 * work in order. Blocks are hashed as they arrive when they arrive in order (the common case), so a piece's bytes
 * are rarely read back; a block that arrived early is written at once and read back from the page cache when the
 * hash reaches it. Blocks that arrive back to back within a piece are held and written together, in one gathering
 * write ({@link PieceStore#writeBlocks}), when the run is 1 MiB, the piece is complete, another piece's block comes,
 * or the queue runs empty: a read burst's blocks cost one write, not one each.
 */
final class PieceWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PieceWriter.class);
    /** The longest run written at once: 1 MiB. */
    private static final int RUN_BLOCKS = 64;

    /** What the writer reports; called on a disk thread. */
    interface Callback {
        void verified(int piece);

        void failed(int piece);

        void diskError(RuntimeException e);

        /** Pending bytes fell below the low-water mark: reading from peers may resume. */
        void drained();
    }

    private final Metainfo metainfo;
    private final PieceStore store;
    private final SerialExecutor serial;
    private final Callback callback;
    private final long highWater;
    private final AtomicLong pending = new AtomicLong();
    private final Map<Integer, PieceHash> hashes = new HashMap<>();
    private PieceHash current;
    /** Whether a block was written yet: the first one is logged, for the time from a drop to the first byte. */
    private boolean wroteAny;
    private ByteBuffer scratch;
    /** The run of back-to-back blocks not written yet: their buffers (owned here) and where they start. */
    private final ByteBuf[] runData = new ByteBuf[RUN_BLOCKS];
    private final ByteBuffer[] runBytes = new ByteBuffer[RUN_BLOCKS];
    private final int[] runLengths = new int[RUN_BLOCKS];
    private int runCount;
    private int runPiece;
    private int runOffset;
    private int runLength;
    /** Set after a disk error or once closed: later blocks are dropped, not written. */
    private volatile boolean stopped;

    PieceWriter(Metainfo metainfo, PieceStore store, Executor pool, long highWater, Callback callback) {
        this.metainfo = metainfo;
        this.store = store;
        this.serial = new SerialExecutor(pool, this::flushQuietly);
        this.highWater = highWater;
        this.callback = callback;
    }

    /**
     * Queues a block for writing; takes ownership of {@code data} (released when written). The disk thread starts
     * on it at the next {@link #startQueued}: the network side calls that once per read burst, so one thread
     * wake-up writes all the blocks a socket read delivered.
     *
     * @param last whether every block of the piece has now been received
     * @return true when the pending bytes are above the high-water mark: the caller should stop reading
     */
    boolean write(Block block, ByteBuf data, boolean last) {
        long now = pending.addAndGet(block.length());
        serial.queue(new Write(block, data, last));
        return now > highWater;
    }

    /** Starts the disk thread on the blocks {@link #write} queued. */
    void startQueued() {
        serial.start();
    }

    /** One queued block; a class rather than a lambda so that it is the only object a block costs here. */
    private final class Write implements Runnable {
        private final Block block;
        private final ByteBuf data;
        private final boolean last;

        Write(Block block, ByteBuf data, boolean last) {
            this.block = block;
            this.data = data;
            this.last = last;
        }

        @Override
        public void run() {
            if (stopped) {
                written(data, block.length());
                return;
            }
            try {
                accept(block, data, last);
            } catch (RuntimeException e) {
                stop(e);
            }
        }
    }

    /** A block's buffer is done with (written or dropped): released, and reading may resume below the low-water mark. */
    private void written(ByteBuf data, int length) {
        data.release();
        long left = pending.addAndGet(-length);
        if (left <= highWater / 2 && left + length > highWater / 2) {
            callback.drained();
        }
    }

    /** After a disk error: later blocks are dropped, the run is released. */
    private void stop(RuntimeException e) {
        stopped = true;
        releaseRun();
        callback.diskError(e);
    }

    boolean isAboveHighWater() {
        return pending.get() > highWater;
    }

    /**
     * Runs {@code task} on the disk thread after the blocks queued before it, unless the writer has stopped; a
     * failure counts as a disk error.
     */
    void afterWrites(Runnable task) {
        serial.execute(() -> {
            try {
                if (!stopped) {
                    flush();
                    task.run();
                }
            } catch (RuntimeException e) {
                stop(e);
            }
        });
    }

    /** Writes what is queued, drops anything queued later, then runs {@code closeStore}. */
    void close(Runnable closeStore) {
        serial.execute(() -> {
            flushQuietly();
            stopped = true;
            releaseRun();
            closeStore.run();
        });
    }

    /** Takes a block into the run (hashing it now when it is next in its piece) and verifies a complete piece. */
    private void accept(Block block, ByteBuf data, boolean last) {
        if (runCount > 0 && (block.piece() != runPiece || block.offset() != runOffset + runLength)) {
            try {
                flush();
            } catch (RuntimeException e) {
                written(data, block.length()); // not in the run yet, so stop() would not release it
                throw e;
            }
        }
        ByteBuffer bytes = data.nioBuffer(data.readerIndex(), block.length());
        PieceHash h = hash(block.piece());
        h.written.set(block.index());
        boolean next = block.offset() == h.hashed;
        if (next) {
            h.sha1.update(bytes.duplicate());
            h.hashed += block.length();
        }
        if (runCount == 0) {
            runPiece = block.piece();
            runOffset = block.offset();
            runLength = 0;
        }
        runData[runCount] = data;
        runLengths[runCount] = block.length();
        runBytes[runCount++] = bytes;
        runLength += block.length();
        if (!next || last || runCount == RUN_BLOCKS) {
            flush(); // a block ahead of the hash is read back by catchUp: it must be on disk first
        }
        if (next) {
            catchUp(block.piece(), h);
        }
        if (last) {
            verify(block.piece(), h);
        }
    }

    /** Writes the run in one go; its buffers are released whether or not that works. */
    private void flush() {
        if (runCount == 0) {
            return;
        }
        try {
            store.writeBlocks(runPiece, runOffset, runBytes, runCount);
            if (!wroteAny) {
                wroteAny = true;
                LOG.info("{}: first block written (piece {})", metainfo.name(), runPiece);
            }
        } finally {
            releaseRun();
        }
    }

    /** {@link #flush} when the queue runs empty, a failure counting as a disk error. */
    private void flushQuietly() {
        if (!stopped) {
            try {
                flush();
            } catch (RuntimeException e) {
                stop(e);
            }
        }
    }

    private void releaseRun() {
        for (int i = 0; i < runCount; i++) {
            written(runData[i], runLengths[i]);
            runData[i] = null;
            runBytes[i] = null;
        }
        runCount = 0;
    }

    private void verify(int piece, PieceHash h) {
        hashes.remove(piece);
        current = null;
        if (h.hashed != h.size) {
            throw new IllegalStateException("piece " + piece + " complete but hashed " + h.hashed + " of " + h.size);
        }
        if (store.markVerified(piece, h.sha1.digest())) {
            callback.verified(piece);
        } else {
            callback.failed(piece);
        }
    }

    /** The hash state of {@code piece}; the piece of the previous block is remembered, as blocks come in runs. */
    private PieceHash hash(int piece) {
        if (current == null || current.piece != piece) {
            current = hashes.get(piece);
            if (current == null) {
                current = new PieceHash(piece, metainfo.pieceSize(piece));
                hashes.put(piece, current);
            }
        }
        return current;
    }

    /** Hashes blocks that were written ahead of the hash cursor, reading them back from storage. */
    private void catchUp(int piece, PieceHash h) {
        while (h.hashed < h.size && h.written.get(h.hashed / Block.SIZE)) {
            int length = Math.min(Block.SIZE, h.size - h.hashed);
            ByteBuffer buf = scratch();
            buf.clear().limit(length);
            store.readUnverified(piece, h.hashed, buf);
            buf.flip();
            h.sha1.update(buf);
            h.hashed += length;
        }
    }

    private ByteBuffer scratch() {
        if (scratch == null) {
            scratch = ByteBuffer.allocateDirect(Block.SIZE);
        }
        return scratch;
    }

    private static final class PieceHash {
        final int piece;
        final int size;
        final MessageDigest sha1 = Sha1.newDigest();
        final BitSet written = new BitSet();
        int hashed;

        PieceHash(int piece, int size) {
            this.piece = piece;
            this.size = size;
        }
    }
}
