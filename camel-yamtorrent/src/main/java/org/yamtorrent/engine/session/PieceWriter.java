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
 * work in order. Blocks are hashed as they are written when they arrive in order (the common case), so a piece's
 * bytes are rarely read back; a block that arrived early is read back from the page cache when the hash reaches it.
 */
final class PieceWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PieceWriter.class);

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
    /** Set after a disk error or once closed: later blocks are dropped, not written. */
    private volatile boolean stopped;

    PieceWriter(Metainfo metainfo, PieceStore store, Executor pool, long highWater, Callback callback) {
        this.metainfo = metainfo;
        this.store = store;
        this.serial = new SerialExecutor(pool);
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
            try {
                if (!stopped) {
                    writeAndHash(block, data, last);
                }
            } catch (RuntimeException e) {
                stopped = true;
                callback.diskError(e);
            } finally {
                data.release();
                long left = pending.addAndGet(-block.length());
                if (left <= highWater / 2 && left + block.length() > highWater / 2) {
                    callback.drained();
                }
            }
        }
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
                    task.run();
                }
            } catch (RuntimeException e) {
                stopped = true;
                callback.diskError(e);
            }
        });
    }

    /** Writes what is queued, drops anything queued later, then runs {@code closeStore}. */
    void close(Runnable closeStore) {
        serial.execute(() -> {
            stopped = true;
            closeStore.run();
        });
    }

    private void writeAndHash(Block block, ByteBuf data, boolean last) {
        ByteBuffer bytes = data.nioBuffer(data.readerIndex(), block.length());
        store.writeBlock(block.piece(), block.offset(), bytes);
        if (!wroteAny) {
            wroteAny = true;
            LOG.info("{}: first block written (piece {})", metainfo.name(), block.piece());
        }
        PieceHash h = hash(block.piece());
        h.written.set(block.index());
        if (block.offset() == h.hashed) {
            h.sha1.update(bytes.position(0));
            h.hashed += block.length();
        }
        catchUp(block.piece(), h);
        if (last) {
            hashes.remove(block.piece());
            current = null;
            if (h.hashed != h.size) {
                throw new IllegalStateException("piece " + block.piece() + " complete but hashed " + h.hashed + " of " + h.size);
            }
            if (store.markVerified(block.piece(), h.sha1.digest())) {
                callback.verified(block.piece());
            } else {
                callback.failed(block.piece());
            }
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
