package org.yamtorrent.engine.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.FilePriority;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * The open {@link PayloadStream}s of a torrent: where their readers wait for pieces, and the read-ahead windows
 * the swarm fetches first. Readers block on their own monitor here, never on an engine lock.
 */
final class Streams {

    private final TorrentHandle torrent;
    private final List<PayloadStream> open = new CopyOnWriteArrayList<>();
    /** Notified when a piece verifies, the state changes or a stream closes: what blocked readers wait for. */
    private final Object signal = new Object();
    /** Orders the priority updates of concurrent readers so the swarm ends up with the latest windows. */
    private final Object priorityLock = new Object();

    Streams(TorrentHandle torrent) {
        this.torrent = torrent;
    }

    private Metainfo metadata() {
        Metainfo m = torrent.metainfo();
        if (m == null) {
            throw new TorrentException(torrent.name() + ": the torrent's metadata is not known yet");
        }
        return m;
    }

    /** See {@link TorrentHandle#openStream(int)}: the default window. */
    PayloadStream open(int fileIndex, Duration stallTimeout) {
        return open(fileIndex, PayloadStream.defaultWindow(metadata().pieceLength()), stallTimeout);
    }

    /** See {@link TorrentHandle#openStream(int, int, Duration)}. */
    PayloadStream open(int fileIndex, int windowPieces, Duration stallTimeout) {
        Metainfo m = metadata();
        List<FileEntry> entries = m.files();
        String name = torrent.name();
        if (fileIndex < 0 || fileIndex >= entries.size()) {
            throw new TorrentException(name + ": stream of file " + fileIndex + ": the torrent has files 0.."
                    + (entries.size() - 1));
        }
        if (entries.get(fileIndex).isPadding()) {
            throw new TorrentException(name + ": stream of file " + fileIndex + ": it is a pad file");
        }
        if (torrent.filePriorities().get(fileIndex) == FilePriority.SKIP) {
            throw new TorrentException(name + ": stream of file " + fileIndex + ": it is not selected (priority SKIP)");
        }
        if (windowPieces < 1) {
            throw new TorrentException(name + ": stream window of " + windowPieces + " pieces");
        }
        PayloadStream s = new PayloadStream(torrent, fileIndex, windowPieces, stallTimeout);
        open.add(s);
        return s;
    }

    void closed(PayloadStream s) {
        open.remove(s);
        updatePriority();
        signal();
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    /** Hands the read-ahead windows of the open streams to the swarm. */
    void updatePriority() {
        synchronized (priorityLock) {
            Swarm w = torrent.run().swarm();
            if (w != null) {
                w.setPriority(priority());
            }
        }
    }

    int[] priority() {
        return open.stream().flatMapToInt(s -> Arrays.stream(s.window())).toArray();
    }

    void signal() {
        if (!open.isEmpty()) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /** Why a waiting reader will never get its piece, or null while it may. */
    private String whyNever() {
        TorrentState now = torrent.state();
        Session session = torrent.session();
        return now == TorrentState.STOPPED ? "the torrent was stopped"
                : now == TorrentState.ERROR ? "the torrent failed: " + torrent.error().getMessage()
                : session.isClosed() ? "the session closed"
                : session.isEngineThread() ? "a stream must not wait on the engine's thread "
                        + Thread.currentThread().getName()
                : null;
    }

    /** True when {@code s} is still the open store; under the lock that closes it together with the state change. */
    boolean isReadable(PieceStore s) {
        synchronized (torrent) {
            return s == torrent.store() && torrent.isRunning();
        }
    }

    /** Whether a read of {@code piece} would not wait. */
    boolean isReadableNow(int piece) {
        PieceStore s = torrent.store();
        return torrent.isRunning() && s != null && s.isVerified(piece);
    }

    /**
     * Blocks until {@code piece} is verified and readable, and returns the store to read it from.
     *
     * @throws IOException naming the piece when it can never be had, the stream closes, or the stall timeout passes
     */
    PieceStore awaitVerified(int piece, PayloadStream reader) throws IOException {
        Duration stall = reader.stallTimeout();
        long deadline = 0;
        int seen = -1;
        String name = torrent.name();
        synchronized (signal) {
            while (true) {
                reader.ensureOpen();
                PieceStore s = torrent.store();
                if (torrent.isRunning() && s != null && s.isVerified(piece)) {
                    return s;
                }
                String never = whyNever();
                if (never != null) {
                    throw new IOException(name + ": piece " + piece + " can never be obtained: " + never,
                            torrent.error());
                }
                long waitMillis = 0;
                if (stall != null) {
                    int verified = s == null ? 0 : reader.verifiedInWindow(s);
                    if (verified != seen) {
                        seen = verified;
                        deadline = System.nanoTime() + stall.toNanos();
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IOException(name + ": piece " + piece + " not obtained: no piece of the "
                                + "read-ahead window verified within the stall timeout " + stall);
                    }
                    waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                }
                try {
                    signal.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(name + ": interrupted waiting for piece " + piece);
                }
            }
        }
    }
}
