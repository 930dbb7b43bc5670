package org.yamtorrent.engine.metainfo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;


/**
 * Computes piece SHA-1s by streaming the payload. Used by the full check of existing data and by the torrent
 * creator. Large jobs split the piece range into contiguous slices over min(cores, 4) threads; each thread reads
 * its slice front to back in 1 MiB positional reads into one reused buffer, so the disk sees long sequential
 * reads and nothing piece-sized is allocated, whatever the piece length.
 */
public final class PieceHasher {

    /** Where the payload bytes come from. */
    @FunctionalInterface
    public interface Source {
        /** Fills {@code dst} from its position to its limit with the payload bytes at {@code payloadOffset}. */
        void read(long payloadOffset, ByteBuffer dst) throws IOException;
    }

    /** Receives each digest; called from the hashing threads, at most once per piece. */
    @FunctionalInterface
    public interface Sink {
        void piece(int index, byte[] sha1);
    }

    static final int CHUNK = 1 << 20;
    /** Below this many bytes starting threads costs about what it saves. */
    static final long PARALLEL_BYTES = 4L << 20;
    private static final int MAX_THREADS = 4;
    private static final int SINGLE_PIECE_BUFFER = 64 << 10;
    private static final AtomicInteger POOL_SEQUENCE = new AtomicInteger();

    private final PieceGeometry layout;

    public PieceHasher(PieceGeometry layout) {
        this.layout = layout;
    }

    /** How many threads {@link #hash} uses for {@code pieces} pieces of {@code bytes} bytes in all. */
    static int threads(int pieces, long bytes) {
        if (bytes < PARALLEL_BYTES) {
            return 1;
        }
        return Math.max(1, Math.min(Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS), pieces));
    }

    /**
     * Hashes every piece {@code wanted} accepts, passing each digest to {@code sink}.
     *
     * @throws IOException when the source fails, or {@link InterruptedIOException} when the caller is interrupted
     */
    public void hash(IntPredicate wanted, Source source, Sink sink) throws IOException {
        int count = layout.pieceCount();
        int wantedPieces = 0;
        for (int i = 0; i < count; i++) {
            wantedPieces += wanted.test(i) ? 1 : 0;
        }
        int threads = threads(wantedPieces, (long) wantedPieces * layout.pieceLength());
        AtomicBoolean abort = new AtomicBoolean();
        if (threads == 1) {
            hashSlice(0, count, wanted, source, sink, abort);
            return;
        }
        int pool = POOL_SEQUENCE.incrementAndGet();
        AtomicInteger threadSequence = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "yamtorrent-hasher-" + pool + "-" + threadSequence.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> slices = new ArrayList<>(threads);
            for (int k = 0; k < threads; k++) {
                int from = (int) ((long) count * k / threads);
                int to = (int) ((long) count * (k + 1) / threads);
                slices.add(executor.submit(() -> {
                    try {
                        hashSlice(from, to, wanted, source, sink, abort);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            awaitAll(slices, abort);
        } finally {
            // no shutdownNow: an interrupt closes the FileChannel a worker is reading, which may be shared
            executor.shutdown();
        }
    }

    /** The SHA-1 of one piece, computed on the calling thread. */
    public byte[] digest(int piece, Source source) throws IOException {
        byte[][] result = new byte[1][];
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(SINGLE_PIECE_BUFFER, Math.max(1, layout.pieceSize(piece))));
        hashRun(piece, piece + 1, buffer, Sha1.newDigest(), source, (i, d) -> result[0] = d, new AtomicBoolean());
        return result[0];
    }

    private static void awaitAll(List<Future<?>> slices, AtomicBoolean abort) throws IOException {
        Throwable failure = null;
        for (Future<?> f : slices) {
            try {
                f.get();
            } catch (ExecutionException e) {
                abort.set(true);
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                abort.set(true);
                Thread.currentThread().interrupt();
                InterruptedIOException ie = new InterruptedIOException("hashing interrupted");
                ie.initCause(e);
                throw ie;
            }
        }
        if (failure instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    /** Hashes the wanted pieces of [from, to), one run of consecutive wanted pieces at a time. */
    private void hashSlice(int from, int to, IntPredicate wanted, Source source, Sink sink, AtomicBoolean abort)
            throws IOException {
        if (from >= to) {
            return;
        }
        long sliceBytes = layout.pieceOffset(to - 1) + layout.pieceSize(to - 1) - layout.pieceOffset(from);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK, sliceBytes)));
        MessageDigest sha1 = Sha1.newDigest();
        int i = from;
        while (i < to && !abort.get()) {
            if (!wanted.test(i)) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < to && wanted.test(end)) {
                end++;
            }
            hashRun(i, end, buffer, sha1, source, sink, abort);
            i = end;
        }
    }

    /** Streams pieces [first, end) through the buffer, a digest completing whenever a piece boundary passes. */
    private void hashRun(int first, int end, ByteBuffer buffer, MessageDigest sha1, Source source, Sink sink,
                         AtomicBoolean abort) throws IOException {
        long pos = layout.pieceOffset(first);
        long stop = layout.pieceOffset(end - 1) + layout.pieceSize(end - 1);
        int piece = first;
        long pieceEnd = pos + layout.pieceSize(first);
        while (pos < stop && !abort.get()) {
            int n = (int) Math.min(buffer.capacity(), stop - pos);
            buffer.clear().limit(n);
            source.read(pos, buffer);
            if (buffer.hasRemaining()) {
                throw new IOException("source left " + buffer.remaining() + " bytes unread at payload offset " + pos);
            }
            int off = 0;
            while (off < n) {
                int take = (int) Math.min(n - off, pieceEnd - (pos + off));
                sha1.update(buffer.array(), off, take);
                off += take;
                if (pos + off == pieceEnd) {
                    sink.piece(piece, sha1.digest());
                    piece++;
                    if (piece < end) {
                        pieceEnd += layout.pieceSize(piece);
                    }
                }
            }
            pos += n;
        }
    }
}
