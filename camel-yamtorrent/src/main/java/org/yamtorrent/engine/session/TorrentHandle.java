package org.yamtorrent.engine.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.extension.ExtensionRegistry;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.tracker.Announcer;
import org.yamtorrent.engine.tracker.TrackerStatus;

/**
 * A torrent in a {@link Session}: its state, progress, controls and completion. Returned by
 * {@link Session#add}; thread-safe.
 */
public final class TorrentHandle {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentHandle.class);

    private final Session session;
    private final Metainfo metainfo;
    private final Path directory;
    private final TorrentOptions options;
    private final List<TorrentListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<TorrentHandle> completion = new CompletableFuture<>();
    private final RateMeter downloaded = new RateMeter();
    private final RateMeter uploaded = new RateMeter();
    private final ExtensionRegistry extensions;
    private final long startNanos = System.nanoTime();
    private volatile TorrentState state = TorrentState.CHECKING;
    private volatile Throwable error;
    private volatile PieceStore store;
    private volatile PieceWriter writer;
    private volatile Swarm swarm;
    private volatile Announcer announcer;
    private final FileCompletion files;
    /** Completes when the last pause has closed the store; a resume opens it again only then. */
    private CompletableFuture<Void> closed = CompletableFuture.completedFuture(null);
    private long seedingSinceNanos;
    private final List<PayloadStream> streams = new CopyOnWriteArrayList<>();
    /** Notified when a piece verifies, the state changes or a stream closes: what blocked readers wait for. */
    private final Object streamSignal = new Object();
    /** Orders the priority updates of concurrent readers so the swarm ends up with the latest windows. */
    private final Object priorityLock = new Object();

    TorrentHandle(Session session, Metainfo metainfo, Path directory, TorrentOptions options) {
        this.session = session;
        this.metainfo = metainfo;
        this.directory = directory;
        this.options = options;
        this.listeners.addAll(options.listeners());
        this.extensions = session.extensionsFor(this);
        this.files = new FileCompletion(metainfo.geometry());
    }

    TorrentOptions options() {
        return options;
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    /** Where the payload is written: files land at {@code directory/<FileEntry.path>}. */
    public Path directory() {
        return directory;
    }

    public TorrentState state() {
        return state;
    }

    /** Why the torrent is in {@link TorrentState#ERROR}, or null. */
    public Throwable error() {
        return error;
    }

    /** Completes when every piece is verified; fails if the torrent errs or is stopped first. */
    public CompletableFuture<TorrentHandle> completion() {
        return completion;
    }

    public void addListener(TorrentListener listener) {
        listeners.add(listener);
    }

    /** How long the torrent has been in the session. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public Progress progress() {
        PieceStore s = store;
        Bitfield have = s == null ? new Bitfield(metainfo.pieceCount()) : s.bitfield();
        long bytes = 0;
        for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
            bytes += metainfo.pieceSize(i);
        }
        Swarm w = swarm;
        return new Progress(bytes, metainfo.totalLength(), have.cardinality(), metainfo.pieceCount(), downloaded.total(),
                uploaded.total(), downloaded.rate(), uploaded.rate(), w == null ? 0 : w.peerCount());
    }

    /** Connects to these peers too (e.g. a peer learned outside any tracker). */
    /** The torrent's trackers with how their last announce went; empty without trackers or while not running. */
    public List<TrackerStatus> trackers() {
        Announcer a = announcer;
        return a == null ? List.of() : a.trackers();
    }

    public void addPeers(List<InetSocketAddress> peers) {
        Swarm w = swarm;
        if (w != null) {
            w.addCandidates(peers);
        }
    }

    /** Stops transferring; verified pieces and the resume record are kept. */
    public synchronized void pause() {
        if (state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING || state == TorrentState.CHECKING) {
            closed = shutDown();
            setState(TorrentState.PAUSED);
        }
    }

    /** Continues a paused torrent; data is re-checked only if it changed meanwhile. */
    public synchronized void resume() {
        if (state == TorrentState.PAUSED) {
            start();
        }
    }

    /** Stops for good and leaves the session. A torrent stopped before completion fails its completion future. */
    public void stop() {
        synchronized (this) {
            if (state != TorrentState.STOPPED && state != TorrentState.ERROR) {
                if (state != TorrentState.PAUSED) {
                    shutDown();
                }
                setState(TorrentState.STOPPED);
            }
        }
        completion.completeExceptionally(new TorrentException(metainfo.name() + " was stopped before it completed"));
        session.removed(this);
    }

    /** {@link #openStream(int, int, Duration)} with {@link PayloadStream#defaultWindow} and no stall timeout. */
    public PayloadStream openStream(int fileIndex) {
        return openStream(fileIndex, PayloadStream.defaultWindow(metainfo.pieceLength()), null);
    }

    /**
     * Opens a stream over one payload file ({@code metainfo().files().get(fileIndex)}; a single-file torrent has
     * file 0) that yields its bytes in order as they verify; see {@link PayloadStream} for what close does.
     *
     * @param windowPieces how many pieces from the one under the cursor on are fetched before all others
     * @param stallTimeout how long a read may wait while no piece of its window verifies before it fails; null
     *                     waits as long as the torrent runs
     * @throws TorrentException when the index is out of range or names a BEP 47 pad file, or the window is empty
     */
    public PayloadStream openStream(int fileIndex, int windowPieces, Duration stallTimeout) {
        List<FileEntry> files = metainfo.files();
        if (fileIndex < 0 || fileIndex >= files.size()) {
            throw new TorrentException(metainfo.name() + ": stream of file " + fileIndex + ": the torrent has files 0.."
                    + (files.size() - 1));
        }
        if (files.get(fileIndex).isPadding()) {
            throw new TorrentException(metainfo.name() + ": stream of file " + fileIndex + ": it is a pad file");
        }
        if (windowPieces < 1) {
            throw new TorrentException(metainfo.name() + ": stream window of " + windowPieces + " pieces");
        }
        PayloadStream s = new PayloadStream(this, fileIndex, windowPieces, stallTimeout);
        streams.add(s);
        return s;
    }

    // ---- engine side ----

    synchronized void start() {
        setState(TorrentState.CHECKING);
        closed.thenRunAsync(this::openStore, session.diskPool());
    }

    private void openStore() {
        PieceStore s;
        try {
            s = PieceStore.open(metainfo, directory,
                    options.resumeFile() != null ? options.resumeFile() : session.resumeFile(metainfo.infoHash()));
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        synchronized (this) {
            if (state != TorrentState.CHECKING) {
                s.close();
                return;
            }
            store = s;
            files.restart();
            PiecePicker picker = new PiecePicker(metainfo.geometry(), s.bitfield(),
                    options.pieceOrder());
            swarm = new Swarm(this, session, picker);
            writer = new PieceWriter(metainfo, s, session.diskPool(), session.config().maxPendingWriteBytes(),
                    new WriterCallback(s, swarm));
            swarm.addCandidates(options.staticPeers());
            swarm.setPriority(priority());
            LOG.info("{}: started, {} of {} pieces already verified", metainfo.name(), s.bitfield().cardinality(),
                    metainfo.pieceCount());
            setState(s.isComplete() ? TorrentState.SEEDING : TorrentState.DOWNLOADING);
            announcer = session.newAnnouncer(this, options);
            if (announcer != null) {
                announcer.start();
            }
        }
        Bitfield have = s.bitfield();
        for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
            checkFiles(s, i);
        }
        if (s.isComplete()) {
            onCompleted(false);
        }
    }

    /**
     * Closes peers, the announcer ({@code stopped}) and, after pending writes, the store (saving its resume
     * record). The future completes when both are done.
     */
    private CompletableFuture<Void> shutDown() {
        Announcer a = announcer;
        announcer = null;
        CompletableFuture<Void> announced = a == null ? CompletableFuture.completedFuture(null) : a.stop();
        Swarm w = swarm;
        if (w != null) {
            w.close();
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        PieceWriter wr = writer;
        PieceStore s = store;
        Runnable close = () -> {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (RuntimeException e) {
                // e.g. a full disk: the resume record is lost, so the next start re-checks the data instead
                LOG.warn("{}: closing the store failed: {}", metainfo.name(), e.getMessage());
            } finally {
                stored.complete(null);
            }
        };
        if (wr != null) {
            wr.close(close);
        } else {
            close.run();
        }
        return CompletableFuture.allOf(announced, stored);
    }

    /** The session is closing: stop like {@link #pause()}, and say when the resume record is saved. */
    synchronized CompletableFuture<Void> shutDownForClose() {
        if (state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING || state == TorrentState.CHECKING) {
            closed = shutDown();
            setState(TorrentState.PAUSED);
            return closed;
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Asks the trackers for peers now (as soon as their minimum interval allows). */
    public void announceNow() {
        Announcer a = announcer;
        if (a != null) {
            a.announceNow();
        }
    }

    void tick() {
        Swarm w = swarm;
        downloaded.tick();
        uploaded.tick();
        if (w != null && (state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING)) {
            w.tick();
            if (state == TorrentState.SEEDING && seedLimitReached()) {
                LOG.info("{}: seed limit reached after uploading {} bytes; stopping", metainfo.name(), uploaded.total());
                stop();
            }
        }
    }

    /** Both limits must be met: the seed time has passed and the ratio is reached. */
    private boolean seedLimitReached() {
        Duration time = options.seedTime();
        if (time == null || !streams.isEmpty()) {
            return false;
        }
        boolean timeUp = System.nanoTime() - seedingSinceNanos >= time.toNanos();
        return timeUp && uploaded.total() >= options.seedRatio() * metainfo.totalLength();
    }

    /** @param downloaded whether this session fetched the last pieces; BEP 3 sends no {@code completed} otherwise */
    private synchronized void onCompleted(boolean downloaded) {
        if (completion.isDone()) {
            return;
        }
        store.createEmptyFiles();
        seedingSinceNanos = System.nanoTime();
        setState(TorrentState.SEEDING);
        LOG.info("{}: completed, {} bytes verified in {} s", metainfo.name(), metainfo.totalLength(),
                elapsed().toSeconds());
        if (announcer != null && downloaded) {
            announcer.completed();
        }
        filesDone(files.torrentCompleted());
        listeners.forEach(l -> l.torrentCompleted(this));
        completion.complete(this);
    }

    /** Reports the files of {@code piece} whose every piece is now verified. */
    private void checkFiles(PieceStore store, int piece) {
        filesDone(files.pieceVerified(store, piece));
    }

    private void filesDone(List<Integer> indices) {
        for (int index : indices) {
            FileEntry f = metainfo.files().get(index);
            if (!f.isPadding()) {
                listeners.forEach(l -> l.fileCompleted(this, index, f));
            }
        }
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (state == TorrentState.ERROR || state == TorrentState.STOPPED) {
                return;
            }
            error = e;
            LOG.error("{}: failed: {}", metainfo.name(), e.getMessage());
            shutDown();
            setState(TorrentState.ERROR);
        }
        listeners.forEach(l -> l.error(this, e));
        completion.completeExceptionally(e);
        session.removed(this);
    }

    private void setState(TorrentState next) {
        if (state != next) {
            state = next;
            LOG.debug("{}: {}", metainfo.name(), next);
            signalStreams();
            listeners.forEach(l -> l.stateChanged(this, next));
        }
    }

    // ---- streams ----

    /**
     * Blocks until {@code piece} is verified and readable, and returns the store to read it from.
     *
     * @throws IOException naming the piece when it can never be had, the stream closes, or the stall timeout passes
     */
    PieceStore awaitVerified(int piece, PayloadStream reader) throws IOException {
        Duration stall = reader.stallTimeout();
        long deadline = 0;
        int seen = -1;
        synchronized (streamSignal) {
            while (true) {
                reader.ensureOpen();
                PieceStore s = store;
                TorrentState now = state;
                if ((now == TorrentState.DOWNLOADING || now == TorrentState.SEEDING) && s.isVerified(piece)) {
                    return s;
                }
                String never = now == TorrentState.STOPPED ? "the torrent was stopped"
                        : now == TorrentState.ERROR ? "the torrent failed: " + error.getMessage()
                        : session.isClosed() ? "the session closed"
                        : session.isEngineThread() ? "a stream must not wait on the engine's thread "
                                + Thread.currentThread().getName()
                        : null;
                if (never != null) {
                    throw new IOException(metainfo.name() + ": piece " + piece + " can never be obtained: " + never,
                            now == TorrentState.ERROR ? error : null);
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
                        throw new IOException(metainfo.name() + ": piece " + piece + " not obtained: no piece of the "
                                + "read-ahead window verified within the stall timeout " + stall);
                    }
                    waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                }
                try {
                    streamSignal.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException(metainfo.name() + ": interrupted waiting for piece " + piece);
                }
            }
        }
    }

    /** True when {@code s} is still the open store; under the lock that closes it together with the state change. */
    synchronized boolean isReadable(PieceStore s) {
        return s == store && (state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING);
    }

    /** Whether a read of {@code piece} would not wait. */
    boolean isReadableNow(int piece) {
        PieceStore s = store;
        TorrentState now = state;
        return (now == TorrentState.DOWNLOADING || now == TorrentState.SEEDING) && s.isVerified(piece);
    }

    void streamClosed(PayloadStream s) {
        streams.remove(s);
        updatePriority();
        signalStreams();
    }

    /** Hands the read-ahead windows of the open streams to the swarm. */
    void updatePriority() {
        synchronized (priorityLock) {
            Swarm w = swarm;
            if (w != null) {
                w.setPriority(priority());
            }
        }
    }

    private int[] priority() {
        return streams.stream().flatMapToInt(s -> java.util.Arrays.stream(s.window())).toArray();
    }

    private void signalStreams() {
        if (!streams.isEmpty()) {
            synchronized (streamSignal) {
                streamSignal.notifyAll();
            }
        }
    }

    Bitfield verified() {
        return store.bitfield();
    }

    boolean isComplete() {
        PieceStore s = store;
        return s != null && s.isComplete();
    }

    PieceStore store() {
        return store;
    }

    PieceWriter writer() {
        return writer;
    }

    Swarm swarm() {
        return swarm;
    }

    /** The torrent's BEP 10 extensions, made by the session's factories when the torrent was added. */
    public ExtensionRegistry extensions() {
        return extensions;
    }

    RateMeter downloadedMeter() {
        return downloaded;
    }

    RateMeter uploadedMeter() {
        return uploaded;
    }

    /**
     * The writer's reports, moved onto the swarm and the listeners. Bound to the store and swarm the writer was
     * made with: a write that finishes after a pause must not touch the ones a resume made.
     */
    private final class WriterCallback implements PieceWriter.Callback {
        private final PieceStore store;
        private final Swarm swarm;

        WriterCallback(PieceStore store, Swarm swarm) {
            this.store = store;
            this.swarm = swarm;
        }

        @Override
        public void verified(int piece) {
            swarm.pieceVerified(piece);
            signalStreams();
            listeners.forEach(l -> l.pieceVerified(TorrentHandle.this, piece));
            checkFiles(store, piece);
            if (store.isComplete() && store == TorrentHandle.this.store) {
                onCompleted(true);
            }
        }

        @Override
        public void failed(int piece) {
            LOG.debug("{}: piece {} failed its hash", metainfo.name(), piece);
            swarm.pieceFailed(piece);
            listeners.forEach(l -> l.pieceFailed(TorrentHandle.this, piece));
        }

        @Override
        public void diskError(RuntimeException e) {
            fail(e);
        }

        @Override
        public void drained() {
            swarm.resumeReading();
        }
    }

    @Override
    public String toString() {
        return metainfo.name() + " [" + metainfo.infoHash() + ", " + state + "]";
    }
}
