package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.tracker.Announcer;
import org.yamtorrent.engine.tracker.TrackerStatus;
import org.yamtorrent.engine.webseed.WebSeed;
import org.yamtorrent.engine.webseed.WebSeeds;

/**
 * One torrent's run from start (or resume) to pause: its swarm, its announcer, and, once the metadata is known
 * and the data checked, its store, picker and disk writer. Every method but the getters and {@link #tick} runs
 * under the {@link TorrentHandle}'s lock; the store is opened on a disk thread.
 */
final class TorrentRun {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentRun.class);

    private final TorrentHandle torrent;
    private final Session session;
    private volatile Swarm swarm;
    private volatile Announcer announcer;
    private volatile PieceStore store;
    private volatile PieceWriter writer;
    /** Null without web seeds, and until the store is open. */
    private volatile WebSeeds webSeeds;
    /** Completes when the last pause has closed the store; a resume opens it again only then. */
    private CompletableFuture<Void> closed = CompletableFuture.completedFuture(null);
    /** Completes when the last shutdown has closed the store's files (and written the resume record). */
    private volatile CompletableFuture<Void> storeClosed = CompletableFuture.completedFuture(null);
    private volatile long seedingSinceNanos;
    /** While the piece layers of metadata from peers are fetched (BEP 52); kept across pause and resume. */
    private volatile LayerFetch layerFetch;

    TorrentRun(TorrentHandle torrent, Session session) {
        this.torrent = torrent;
        this.session = session;
    }

    /** Starts (or resumes): with metadata the data is checked; without, peers are sought for it. */
    void start() {
        swarm = new Swarm(torrent, session);
        swarm.addPeers(torrent.options().staticPeers(), PeerSource.STATIC);
        if (torrent.metainfo() == null) {
            torrent.setState(TorrentState.FETCHING_METADATA);
            startAnnouncer();
        } else {
            check();
        }
    }

    /** The metadata is known: the store opens on a disk thread once the last pause closed it. */
    void check() {
        torrent.setState(TorrentState.CHECKING);
        Metainfo m = torrent.metainfo();
        closed.thenRunAsync(() -> openStore(m), session.diskPool());
    }

    private void openStore(Metainfo m) {
        PieceStore s;
        try {
            TorrentOptions options = torrent.options();
            s = PieceStore.open(m, torrent.directory(),
                    options.resumeFile() != null ? options.resumeFile() : session.resumeFile(m.infoHash()),
                    PieceStore.DEFAULT_OPEN_FILES, torrent.selection().selectedFiles());
        } catch (RuntimeException e) {
            torrent.fail(e);
            return;
        }
        synchronized (torrent) {
            if (torrent.state() != TorrentState.CHECKING) {
                s.close();
                return;
            }
            store = s;
            PiecePicker picker = new PiecePicker(m.geometry(), s.bitfield(), torrent.options().pieceOrder());
            picker.setFilePriorities(torrent.selection().priorities());
            Swarm w = swarm;
            writer = new PieceWriter(m, s, session.diskPool(), session.config().maxPendingWriteBytes(),
                    new WriterCallback(s, w));
            w.attachPieces(picker, writer, s);
            startWebSeeds(m, w);
            w.setPriority(torrent.streams().priority());
            torrent.selection().storeOpened(s, writer, w);
            LOG.info("{}: started, {} of {} pieces already verified", m.name(), s.bitfield().cardinality(),
                    m.pieceCount());
            torrent.setState(s.isComplete() ? TorrentState.SEEDING : TorrentState.DOWNLOADING);
            startAnnouncer();
        }
        torrent.completing().started(s);
    }

    /** The torrent's url-list and the options' web seeds, less those banned earlier, fetch beside the peers. */
    private void startWebSeeds(Metainfo m, Swarm w) {
        List<String> urls = Stream.concat(m.urlList().stream(), torrent.options().webSeeds().stream())
                .filter(u -> !torrent.banList().isBanned(u)).toList();
        if (!urls.isEmpty()) {
            webSeeds = new WebSeeds(m.name(), m, urls, session.webSeedClient(), w.webSeedFeed(),
                    torrent.limits().downloads());
        }
    }

    private void startAnnouncer() {
        if (announcer == null) {
            announcer = session.newAnnouncer(torrent, torrent.options());
            if (announcer != null) {
                announcer.start();
            }
        }
    }

    /**
     * Closes peers, the announcer ({@code stopped}) and, after pending writes, the store (saving its resume
     * record). The future completes when both are done.
     */
    CompletableFuture<Void> shutDown() {
        Announcer a = announcer;
        announcer = null;
        CompletableFuture<Void> announced = a == null ? CompletableFuture.completedFuture(null) : a.stop();
        WebSeeds ws = webSeeds;
        if (ws != null) {
            ws.close();
        }
        Swarm w = swarm;
        if (w != null) {
            w.close();
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        storeClosed = stored;
        PieceWriter wr = writer;
        PieceStore s = store;
        Runnable close = () -> {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (RuntimeException e) {
                // e.g. a full disk: the resume record is lost, so the next start re-checks the data instead
                LOG.warn("{}: closing the store failed: {}", torrent.name(), e.getMessage());
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

    /** Completes once the last shutdown has closed the files: the tracker's {@code stopped} is not waited for. */
    CompletableFuture<Void> storeClosed() {
        return storeClosed;
    }

    CompletableFuture<Void> pause() {
        closed = shutDown();
        return closed;
    }

    List<TrackerStatus> trackers() {
        Announcer a = announcer;
        return a == null ? List.of() : a.trackers();
    }

    void announceNow(boolean overTrackerMinimum) {
        Announcer a = announcer;
        if (a != null) {
            a.announceNow(overTrackerMinimum);
        }
    }

    /** Into the swarm while it runs (dialled at once when there is room), else into the address book for later. */
    void addPeers(List<InetSocketAddress> peers, PeerSource source) {
        Swarm w = swarm;
        if (w != null) {
            w.addPeers(peers, source);
        } else {
            synchronized (torrent) {
                torrent.addressBook().add(peers, source);
            }
        }
    }

    List<PeerInfo> peerInfos() {
        Swarm w = swarm;
        return w == null ? List.of() : w.peerInfos();
    }

    void tick() {
        Swarm w = swarm;
        if (w != null) {
            w.tick();
        }
        WebSeeds ws = webSeeds;
        if (ws != null) {
            ws.tick(); // outside the swarm's lock: the feed takes it
        }
        Duration limit = torrent.options().metadataTimeout();
        if (limit != null && torrent.metainfo() == null && torrent.elapsed().compareTo(limit) >= 0) {
            torrent.fail(new MetadataTimeoutException(torrent, limit));
        }
        long now = System.currentTimeMillis();
        torrent.extensions().extensions().forEach(x -> x.tick(now));
        LayerFetch layers = layerFetch;
        if (layers != null && w != null && torrent.metainfo() == null) {
            layers.tick(w.connected(), now);
        }
        if (torrent.state() == TorrentState.SEEDING && seedLimitReached(torrent.streams().isEmpty())) {
            LOG.info("{}: seed limit reached after uploading {} bytes; stopping", torrent.name(),
                    torrent.uploadedMeter().total());
            torrent.stop();
        }
    }

    /** The piece layer fetch, or null when none runs. */
    LayerFetch layerFetch() {
        return layerFetch;
    }

    /** Starts fetching the piece layers of a v2 info dictionary from peers (at the next tick). */
    void fetchLayers(LayerFetch fetch) {
        layerFetch = fetch;
    }

    /** The web seeds of this run; empty without any, or until the data is checked. */
    List<WebSeed> webSeeds() {
        WebSeeds ws = webSeeds;
        return ws == null ? List.of() : ws.seeds();
    }

    /** The torrent completed; tells the trackers when this session fetched the last pieces (BEP 3). */
    void completed(boolean fetched) {
        seedingSinceNanos = System.nanoTime();
        Announcer a = announcer;
        if (a != null && fetched) {
            a.completed();
        }
    }

    /** Both limits must be met: the seed time has passed and the ratio is reached; never while a stream reads. */
    boolean seedLimitReached(boolean noStreams) {
        Duration time = torrent.options().seedTime();
        if (time == null || !noStreams) {
            return false;
        }
        boolean timeUp = System.nanoTime() - seedingSinceNanos >= time.toNanos();
        return timeUp && torrent.uploadedMeter().total()
                >= torrent.options().seedRatio() * torrent.metainfo().totalLength();
    }

    Swarm swarm() {
        return swarm;
    }

    PieceStore store() {
        return store;
    }

    PieceWriter writer() {
        return writer;
    }

    /**
     * The writer's reports, moved onto the swarm and the torrent. Bound to the store and swarm the writer was made
     * with: a write that finishes after a pause must not touch the ones a resume made.
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
            torrent.completing().pieceVerified(store, piece);
        }

        @Override
        public void failed(int piece) {
            LOG.debug("{}: piece {} failed its hash", torrent.name(), piece);
            swarm.pieceFailed(piece);
            torrent.completing().pieceFailed(piece);
        }

        @Override
        public void diskError(RuntimeException e) {
            torrent.fail(e);
        }

        @Override
        public void drained() {
            swarm.resumeReading();
        }
    }
}
