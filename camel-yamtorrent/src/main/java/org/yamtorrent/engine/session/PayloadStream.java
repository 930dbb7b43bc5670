package org.yamtorrent.engine.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.storage.StorageException;

/**
 * The bytes of one payload file, in order, while the torrent downloads. A read blocks until the piece under the
 * cursor is verified, then reads it from disk: unverified bytes are never returned. Memory stays bounded whatever
 * the file size: one buffer of at most {@value #BUFFER_SIZE} bytes.
 *
 * <p>From the first read (or skip) on, the stream's read-ahead window, the pieces from the one under the cursor
 * on, is fetched before any other piece, whatever the torrent's piece order; the window moves with the cursor. A
 * stream that is opened but not read yet steers nothing, so one stream per file can be opened up front.
 *
 * <p>A read fails with an {@link IOException} naming the torrent and the piece when that piece can never be had:
 * the torrent is stopped or fails, the session closes, or (with a stall timeout) no piece of the window verified
 * for that long. A paused torrent just makes reads wait.
 *
 * <p>{@link #close} releases the window and wakes a reader blocked in another thread (its read fails); it does not
 * stop the torrent. While any stream is open a completed torrent keeps seeding whatever its seed limits, so the
 * data stays readable; once the last is closed the limits apply again. Reads must not run on the session's threads
 * (network, disk, timer): a read that would wait there fails instead. One reader thread at a time.
 */
public final class PayloadStream extends InputStream {

    static final int BUFFER_SIZE = 64 * 1024;
    private static final long DEFAULT_WINDOW_BYTES = 32L << 20;
    private static final int MAX_DEFAULT_WINDOW = 32;

    private final TorrentHandle torrent;
    private final int fileIndex;
    private final long start;
    private final long end;
    private final int pieceLength;
    private final int lastPiece;
    private final int windowPieces;
    private final Duration stallTimeout;
    private byte[] buffer;
    private long bufferStart;
    private int bufferLength;
    private volatile long position;
    private volatile boolean closed;
    /** The window's first piece, or -1 until the first read. */
    private volatile int cursorPiece = -1;

    PayloadStream(TorrentHandle torrent, int fileIndex, int windowPieces, Duration stallTimeout) {
        FileEntry f = torrent.metainfo().files().get(fileIndex);
        this.torrent = torrent;
        this.fileIndex = fileIndex;
        this.start = f.offset();
        this.end = f.end();
        this.position = start;
        this.pieceLength = torrent.metainfo().pieceLength();
        this.lastPiece = f.length() == 0 ? -1 : (int) ((end - 1) / pieceLength);
        this.windowPieces = windowPieces;
        this.stallTimeout = stallTimeout;
    }

    /** Pieces covering about 32 MiB, from 2 to 32: the window {@link TorrentHandle#openStream(int)} uses. */
    public static int defaultWindow(int pieceLength) {
        return (int) Math.max(2, Math.min(MAX_DEFAULT_WINDOW, DEFAULT_WINDOW_BYTES / pieceLength));
    }

    /** The file's index in {@code metainfo().files()}. */
    public int fileIndex() {
        return fileIndex;
    }

    /** The file's length in bytes: how many bytes the stream yields in all. */
    public long length() {
        return end - start;
    }

    /** How many bytes were read or skipped so far. */
    public long position() {
        return position - start;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[(int) (position++ - bufferStart)] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = (int) Math.min(len, bufferStart + bufferLength - position);
        System.arraycopy(buffer, (int) (position - bufferStart), b, off, n);
        position += n;
        return n;
    }

    /** Moves the cursor without reading or waiting; the window follows. */
    @Override
    public synchronized long skip(long n) throws IOException {
        ensureOpen();
        long k = Math.max(0, Math.min(n, end - position));
        position += k;
        if (position < end) {
            moveWindow(pieceAt(position));
        }
        return k;
    }

    /** The buffered bytes, or else the rest of the piece under the cursor when it is verified already. */
    @Override
    public synchronized int available() throws IOException {
        ensureOpen();
        if (position >= end) {
            return 0;
        }
        if (position >= bufferStart && position < bufferStart + bufferLength) {
            return (int) (bufferStart + bufferLength - position);
        }
        int piece = pieceAt(position);
        return torrent.streams().isReadableNow(piece) ? (int) Math.min(Integer.MAX_VALUE, pieceEnd(piece) - position) : 0;
    }

    /** Releases the window and fails a read blocked in another thread; the torrent goes on. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            torrent.streams().closed(this);
        }
    }

    /** Makes the buffer hold the byte at the cursor; false at the end of the file. */
    private boolean fill() throws IOException {
        ensureOpen();
        if (position >= end) {
            return false;
        }
        if (position >= bufferStart && position < bufferStart + bufferLength) {
            return true;
        }
        int piece = pieceAt(position);
        moveWindow(piece);
        int n = (int) Math.min(BUFFER_SIZE, pieceEnd(piece) - position);
        if (buffer == null) {
            buffer = new byte[BUFFER_SIZE];
        }
        while (true) {
            PieceStore store = torrent.streams().awaitVerified(piece, this);
            try {
                store.readBlock(piece, (int) (position - (long) piece * pieceLength), ByteBuffer.wrap(buffer, 0, n));
                break;
            } catch (StorageException e) {
                if (torrent.streams().isReadable(store)) {
                    throw new IOException(torrent.metainfo().name() + ": reading piece " + piece + ": " + e.getMessage(), e);
                }
                // paused or stopped meanwhile: wait again, which tells which
            }
        }
        bufferStart = position;
        bufferLength = n;
        return true;
    }

    private void moveWindow(int piece) {
        if (piece != cursorPiece) {
            cursorPiece = piece;
            torrent.streams().updatePriority();
        }
    }

    /** The pieces to fetch first for this stream: none before its first read. */
    int[] window() {
        int first = cursorPiece;
        if (first < 0 || closed) {
            return new int[0];
        }
        int last = Math.min(lastPiece, first + windowPieces - 1);
        int[] pieces = new int[Math.max(0, last - first + 1)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = first + i;
        }
        return pieces;
    }

    /** How many pieces of the window are verified: a stall is a wait during which this does not change. */
    int verifiedInWindow(PieceStore store) {
        int n = 0;
        for (int p : window()) {
            if (store.isVerified(p)) {
                n++;
            }
        }
        return n;
    }

    Duration stallTimeout() {
        return stallTimeout;
    }

    void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(torrent.metainfo().name() + ": stream of file " + fileIndex + " is closed");
        }
    }

    private int pieceAt(long offset) {
        return (int) (offset / pieceLength);
    }

    private long pieceEnd(int piece) {
        return Math.min((long) (piece + 1) * pieceLength, end);
    }

    @Override
    public String toString() {
        return torrent.metainfo().files().get(fileIndex).relativePath() + " at " + (position - start) + "/" + length();
    }
}
