package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.extension.ExtensionRegistry;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.rate.RateLimits;
import org.yamtorrent.engine.picker.FilePriority;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.tracker.TrackerStatus;
import org.yamtorrent.engine.webseed.WebSeed;

/**
 * A torrent in a {@link Session}: its state, progress, controls and completion. Returned by {@link Session#add};
 * thread-safe. A torrent exists from its info-hash alone: until its metadata is known ({@link #metainfo()} is null,
 * the state {@link TorrentState#FETCHING_METADATA}) it has peers but no pieces; {@link #attachMetadata} gives it
 * the rest. The run itself (store, swarm, announcer) is a {@link TorrentRun}.
 */
public final class TorrentHandle {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentHandle.class);

    private final Session session;
    private final InfoHash infoHash;
    private final Path directory;
    private final TorrentOptions options;
    private final List<TorrentListener> listeners = new CopyOnWriteArrayList<>();
    private final RateMeter downloaded = new RateMeter();
    private final RateMeter uploaded = new RateMeter();
    private final long startNanos = System.nanoTime();
    private final ExtensionRegistry extensions;
    private final AddressBook addressBook = new AddressBook();
    private final BanList banList;
    private final Notifier events = new Notifier();
    private final Streams streams = new Streams(this);
    private final Completion completion = new Completion(this, listeners, events);
    private final FileSelection selection = new FileSelection(this);
    private final TorrentRun run;
    private final RateLimits limits;
    private volatile Metainfo metainfo;
    private volatile TorrentState state;
    private volatile Throwable error;

    TorrentHandle(Session session, InfoHash infoHash, Metainfo metainfo, Path directory, TorrentOptions options) {
        this.session = session;
        this.infoHash = infoHash;
        this.directory = directory;
        this.options = options;
        this.listeners.addAll(options.listeners());
        this.banList = new BanList(session.config().banAfterHashFailures());
        this.limits = new RateLimits(session.limits(), options.maxDownloadRate(), options.maxUploadRate());
        if (metainfo != null) {
            useMetadata(metainfo);
        }
        this.run = new TorrentRun(this, session);
        this.extensions = session.hooks().extensionsFor(this);
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    /** The torrent's name: from its metadata, else the display name it was added with, else the info-hash. */
    public String name() {
        Metainfo m = metainfo;
        return m != null ? m.name() : options.displayName() != null ? options.displayName() : infoHash.hex();
    }

    /** The metadata, or null while it is being fetched from peers. */
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
        return completion.future();
    }

    public void addListener(TorrentListener listener) {
        listeners.add(listener);
    }

    /** How long the torrent has been in the session. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** This torrent's own limits (the session's apply too); {@code limits().upload().rate(n)} changes one. */
    public RateLimits limits() {
        return limits;
    }

    public Progress progress() {
        Swarm w = run.swarm();
        return Progress.of(metainfo, store(), downloaded, uploaded, w == null ? 0 : w.peerCount());
    }

    /** Connects to these peers too, as {@link PeerSource#STATIC} ones (e.g. a peer learned outside any tracker). */
    public void addPeers(List<InetSocketAddress> peers) {
        addPeers(peers, PeerSource.STATIC);
    }

    /** Connects to these peers too, remembering where they came from; new ones are dialled at once when there is room. */
    public void addPeers(List<InetSocketAddress> peers, PeerSource source) {
        run.addPeers(peers, source);
    }

    /** The addresses this torrent may dial that it learned from {@code source} (at most a few thousand). */
    public List<InetSocketAddress> knownPeers(PeerSource source) {
        return addressBook.from(source);
    }

    /** The torrent's trackers with how their last announce went; empty without trackers or while not running. */
    public List<TrackerStatus> trackers() {
        return run.trackers();
    }

    /** How dialling this torrent's known addresses went: what a stalled torrent reports. */
    public DialStats dialStats() {
        return addressBook.stats();
    }

    /** The connected peers, for status pages. */
    public List<PeerInfo> peers() {
        return run.peerInfos();
    }

    /** The web seeds (BEP 19) this run fetches from: URL, bytes delivered, last error, why dropped. */
    public List<WebSeed> webSeeds() {
        return run.webSeeds();
    }

    /**
     * Gives a torrent added by info-hash its metadata, e.g. once ut_metadata fetched and verified it; the torrent
     * then checks its data and downloads. A torrent that already has metadata ignores this.
     *
     * @return whether the metadata was new
     * @throws TorrentException when the metadata is for another info-hash
     */
    public boolean attachMetadata(Metainfo m) {
        if (!m.infoHash().equals(infoHash)) {
            throw new TorrentException(name() + ": metadata for " + m.infoHash() + ", not " + infoHash);
        }
        synchronized (this) {
            if (metainfo != null) {
                return false;
            }
            useMetadata(m);
            LOG.info("{}: metadata received, {} pieces, {} bytes", m.name(), m.pieceCount(), m.totalLength());
            listeners.forEach(l -> events.post(() -> l.metadataReceived(this)));
            if (state == TorrentState.FETCHING_METADATA && selection.refused() == null) {
                run.check();
            }
        }
        events.drain();
        if (selection.refused() != null) {
            fail(selection.refused());
        }
        return true;
    }

    private void useMetadata(Metainfo m) {
        selection.metadata(m, options);
        completion.metadata(m);
        this.metainfo = m;
    }

    /** Each file's priority, one per {@code metainfo().files()} entry; empty while the metadata is unknown. */
    public List<FilePriority> filePriorities() {
        return selection.priorities();
    }

    /**
     * Changes which files are downloaded, and which first, at any time (see {@link FilePriority}); the torrent then
     * completes, or downloads again, for the new selection. Files already on disk are never deleted.
     *
     * @throws TorrentException when there is not one priority per file, or the metadata is not known yet
     */
    public void setFilePriorities(List<FilePriority> priorities) {
        synchronized (this) {
            selection.set(priorities);
        }
        events.drain();
    }

    /** Stops transferring; verified pieces and the resume record are kept. */
    public void pause() {
        synchronized (this) {
            if (isActive()) {
                run.pause();
                setState(TorrentState.PAUSED);
            }
        }
        events.drain();
    }

    /** Continues a paused torrent; data is re-checked only if it changed meanwhile. */
    public void resume() {
        synchronized (this) {
            if (state == TorrentState.PAUSED) {
                run.start();
            }
        }
        events.drain();
    }

    /**
     * Stops for good and leaves the session; a torrent stopped before completion fails its completion future. The
     * future returned completes once its files are closed and its resume record written: the payload may then move.
     */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            if (state != TorrentState.STOPPED && state != TorrentState.ERROR) {
                if (state != TorrentState.PAUSED) {
                    run.shutDown();
                }
                setState(TorrentState.STOPPED);
            }
            completion.ended(new TorrentException(name() + " was stopped before it completed"));
        }
        events.drain();
        session.removed(this);
        return run.storeClosed();
    }

    /** {@link #openStream(int, int, Duration)} with {@link PayloadStream#defaultWindow} and no stall timeout. */
    public PayloadStream openStream(int fileIndex) {
        return streams.open(fileIndex, null);
    }

    /**
     * Opens a stream over one payload file ({@code metainfo().files().get(fileIndex)}; a single-file torrent has
     * file 0) that yields its bytes in order as they verify; see {@link PayloadStream} for what close does.
     *
     * @param windowPieces how many pieces from the one under the cursor on are fetched before all others
     * @param stallTimeout how long a read may wait while no piece of its window verifies before it fails; null
     *                     waits as long as the torrent runs
     * @throws TorrentException when the index is out of range or names a BEP 47 pad file, the window is empty, or
     *                          the metadata is not known yet
     */
    public PayloadStream openStream(int fileIndex, int windowPieces, Duration stallTimeout) {
        return streams.open(fileIndex, windowPieces, stallTimeout);
    }

    /**
     * Asks the trackers for peers now, as soon as their minimum interval allows, or with
     * {@code overTrackerMinimum} as soon as the session's own {@code minAnnounceInterval} does.
     */
    public void announceNow(boolean overTrackerMinimum) {
        run.announceNow(overTrackerMinimum);
    }

    /** The torrent's BEP 10 extensions, made by the session's factories when the torrent was added. */
    public ExtensionRegistry extensions() {
        return extensions;
    }

    // ---- engine side ----

    synchronized void start() {
        run.start();
    }

    /** The session is closing: stop like {@link #pause()}, and say when the resume record is saved. */
    CompletableFuture<Void> shutDownForClose() {
        CompletableFuture<Void> saved = CompletableFuture.completedFuture(null);
        synchronized (this) {
            if (isActive()) {
                saved = run.pause();
                setState(TorrentState.PAUSED);
            }
        }
        events.drain();
        return saved;
    }

    private boolean isActive() {
        return state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING || state == TorrentState.CHECKING
                || state == TorrentState.FETCHING_METADATA;
    }

    void tick() {
        downloaded.tick();
        uploaded.tick();
        if (state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING
                || state == TorrentState.FETCHING_METADATA) {
            run.tick();
        }
    }

    void fail(Throwable e) {
        synchronized (this) {
            if (state == TorrentState.ERROR || state == TorrentState.STOPPED) {
                return;
            }
            error = e;
            LOG.error("{}: failed: {}", name(), e.getMessage());
            run.shutDown();
            setState(TorrentState.ERROR);
            listeners.forEach(l -> events.post(() -> l.error(this, e)));
            completion.ended(e);
        }
        events.drain();
        session.removed(this);
    }

    /** Under this handle's lock; the listeners hear of it once the caller drains the events. */
    void setState(TorrentState next) {
        if (state != next) {
            state = next;
            LOG.debug("{}: {}", name(), next);
            streams.signal();
            listeners.forEach(l -> events.post(() -> l.stateChanged(this, next)));
        }
    }

    // ---- streams ----

    boolean isRunning() {
        TorrentState now = state;
        return now == TorrentState.DOWNLOADING || now == TorrentState.SEEDING;
    }

    Streams streams() {
        return streams;
    }

    // ---- for the run and the swarm ----

    TorrentOptions options() {
        return options;
    }

    PieceStore store() {
        return run.store();
    }

    TorrentRun run() {
        return run;
    }

    FileSelection selection() {
        return selection;
    }

    Completion completing() {
        return completion;
    }

    AddressBook addressBook() {
        return addressBook;
    }

    BanList banList() {
        return banList;
    }

    RateMeter downloadedMeter() {
        return downloaded;
    }

    RateMeter uploadedMeter() {
        return uploaded;
    }

    Session session() {
        return session;
    }

    @Override
    public String toString() {
        return name() + " [" + infoHash + ", " + state + "]";
    }
}
