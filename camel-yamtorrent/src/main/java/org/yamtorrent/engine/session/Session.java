package org.yamtorrent.engine.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.rate.RateLimits;
import org.yamtorrent.engine.tracker.Announcer;
import org.yamtorrent.engine.tracker.TrackerClient;
import org.yamtorrent.engine.webseed.RangeClient;
import org.yamtorrent.engine.wire.Handshake;
import org.yamtorrent.engine.wire.WireException;
import org.yamtorrent.engine.wire.WireTransport;

/**
 * The engine's entry point: its listening sockets (one port), one peer id, shared threads and limits, and the
 * torrents added to it. Open with {@link #open}, add torrents with {@link #add}, close to stop them all (announcing
 * {@code stopped} and saving resume records).
 */
public final class Session implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    /** Set on the disk and timer threads of every session: they must never wait for a download. */
    /** How long close waits for the next torrent to finish stopping (saving its resume record) before it gives up. */
    private static final Duration CLOSE_QUIET = Duration.ofSeconds(10);
    private static final ThreadLocal<Boolean> ENGINE_THREAD = ThreadLocal.withInitial(() -> false);

    private final SessionConfig config;
    private final byte[] peerId;
    private final WireTransport transport;
    private final Listeners listeners;
    private final int listenPort;
    private final Encryptor encryptor;
    private final Announcers announcers;
    private final ExecutorService diskPool;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<InfoHash, TorrentHandle> torrents = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final SessionHooks hooks = new SessionHooks();
    private final RateLimits limits;
    private volatile boolean closed;
    private RangeClient webSeedClient;
    private final PeerDiscovery discovery;

    private Session(SessionConfig config) throws IOException {
        this.config = config;
        this.limits = new RateLimits(config.maxDownloadRate(), config.maxUploadRate());
        this.peerId = PeerId.random(config.peerIdPrefix());
        this.diskPool = Executors.newFixedThreadPool(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                daemon("yamtorrent-disk"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("yamtorrent-timer"));
        // a cancelled timer (an announce moved earlier) leaves the queue at once instead of when it would have run
        timer.setRemoveOnCancelPolicy(true);
        WireTransport.Settings wire = wireSettings(config);
        this.transport = new WireTransport(wire);
        this.encryptor = new Encryptor(config.encryption(), this::torrents);
        TrackerClient trackers;
        try {
            this.listeners = Listeners.bind(transport, config.listenAddresses(), config.listenPort(),
                    this::pieceCount, ch -> accept(ch));
            this.listenPort = listeners.port();
            trackers = new TrackerClient(listeners.families().size() > 1);
            this.announcers = new Announcers(trackers, peerId, listenPort, timer, config.minAnnounceInterval());
        } catch (RuntimeException | IOException e) {
            transport.close();
            diskPool.shutdownNow();
            timer.shutdownNow();
            throw e;
        }
        try {
            this.discovery = PeerDiscovery.open(config, listenPort, torrents::get);
        } catch (RuntimeException e) {
            listeners.close();
            transport.close();
            announcers.close();
            diskPool.shutdownNow();
            timer.shutdownNow();
            throw e;
        }
        StandardExtensions.register(this);
        if (discovery.dhtPort() > 0) {
            hooks.dhtPort(discovery.dhtPort());
            hooks.onPortMessage(discovery::portMessage);
        }
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        Warmup.start(wire.allocator(), config.encryption(), trackers);
        LOG.info("session listening on {} port {} as {}, encryption {}, dht {}", config.listenAddresses().stream()
                .map(InetAddress::getHostAddress).toList(), listenPort, new String(peerId, 0, 8, StandardCharsets.US_ASCII),
                config.encryption().name().toLowerCase(Locale.ROOT), discovery.dhtAddresses());
    }

    /**
     * Opens a session: binds the listen port and starts the engine threads.
     *
     * @throws TorrentException when the port cannot be bound
     */
    public static Session open(SessionConfig config) {
        try {
            return new Session(config);
        } catch (IOException e) {
            throw new TorrentException("cannot open session: " + e.getMessage(), e);
        }
    }

    /**
     * Adds a torrent: its data in {@code directory} is checked (or the resume record trusted), then it downloads
     * or seeds.
     *
     * @throws TorrentException when the same info-hash is already in the session
     */
    public TorrentHandle add(Metainfo metainfo, Path directory, TorrentOptions options) {
        return add(metainfo.infoHash(), metainfo, directory, options);
    }

    /**
     * Adds a torrent known only by its info-hash (a magnet link, see {@link TorrentOptions#magnet}): it finds peers
     * through the options' trackers and static peers (and whatever else calls {@link TorrentHandle#addPeers}) in
     * state {@link TorrentState#FETCHING_METADATA}, fetches the metadata from them (ut_metadata), saves it beside
     * the resume record and downloads. When an earlier fetch saved it there, it starts from that instead.
     *
     * @throws TorrentException when the same info-hash is already in the session
     */
    public TorrentHandle add(InfoHash infoHash, Path directory, TorrentOptions options) {
        return add(infoHash, StandardExtensions.saved(this, infoHash, options), directory, options);
    }

    private TorrentHandle add(InfoHash infoHash, Metainfo metainfo, Path directory, TorrentOptions options) {
        if (closed) {
            throw new TorrentException("session is closed");
        }
        TorrentHandle t = new TorrentHandle(this, infoHash, metainfo, directory, options);
        if (torrents.putIfAbsent(infoHash, t) != null) {
            throw new TorrentException(t.name() + " (" + infoHash + ") is already in the session");
        }
        t.start();
        discovery.started(t);
        return t;
    }

    public TorrentHandle find(InfoHash infoHash) {
        return torrents.get(infoHash);
    }

    public List<TorrentHandle> torrents() {
        return new ArrayList<>(torrents.values());
    }

    /** How many nodes the session's DHT knows: 0 without a DHT. */
    public int dhtNodes() {
        return discovery.dhtNodes();
    }

    /** Where BEP 10 extensions, features, connection hooks and the DHT plug in. */
    public SessionHooks hooks() {
        return hooks;
    }

    /** {@link SessionHooks#addExtension}: registers a BEP 10 extension for the torrents added from now on. */
    public void addExtension(java.util.function.Function<TorrentHandle, org.yamtorrent.engine.extension.Extension> factory) {
        hooks.addExtension(factory);
    }

    /** The limits of all torrents together, from the config; {@code limits().download().rate(n)} changes one. */
    public RateLimits limits() {
        return limits;
    }

    /** The TCP port peers reach us on. */
    public int listenPort() {
        return listenPort;
    }

    /** Whether the listen socket still accepts peers. */
    public boolean isListening() {
        return !closed && listeners.isActive();
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    /** Pauses every torrent (saving resume records, announcing stopped), then stops the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (TorrentHandle t : torrents.values()) {
            stops.add(t.shutDownForClose());
        }
        int unsaved = CloseWait.await(stops, CLOSE_QUIET);
        if (unsaved > 0) {
            LOG.warn("{} of {} torrents did not finish stopping (no progress for {} s): their resume records may be"
                    + " missing, so they are checked again at the next start", unsaved, stops.size(), CLOSE_QUIET.toSeconds());
        }
        timer.shutdownNow();
        discovery.close();
        listeners.close();
        transport.close();
        announcers.close();
        diskPool.shutdown();
        try {
            diskPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("session closed");
    }

    // ---- for the torrents ----

    SessionConfig config() {
        return config;
    }

    ExecutorService diskPool() {
        return diskPool;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * True on a thread the download itself needs (disk, timer, or this session's network event loops): waiting there
     * for a piece could wait for ever.
     */
    boolean isEngineThread() {
        if (ENGINE_THREAD.get()) {
            return true;
        }
        for (EventExecutor loop : eventLoops()) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** The network event loops of this session's peer connections. */
    EventExecutorGroup eventLoops() {
        return listeners.any().eventLoop().parent();
    }

    /** How many timers wait on the timer thread (cancelled ones leave its queue at once). */
    int pendingTimers() {
        return timer.getQueue().size();
    }

    Path resumeFile(InfoHash infoHash) {
        Path dir = config.resumeDirectory();
        if (dir == null) {
            return null;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create resume directory " + dir, e);
        }
        return dir.resolve(infoHash.hex() + ".resume");
    }

    /** The HTTP client every torrent's web seeds share (kept-alive connections), made for the first of them. */
    synchronized RangeClient webSeedClient() {
        if (webSeedClient == null) {
            webSeedClient = new RangeClient();
        }
        return webSeedClient;
    }

    Announcer newAnnouncer(TorrentHandle t, TorrentOptions options) {
        return announcers.forTorrent(t, options);
    }

    Handshake handshake(TorrentHandle t) {
        return hooks.handshake(t.infoHash(), peerId);
    }

    ChannelFuture connect(InetSocketAddress address, TorrentHandle t, PeerSource source) {
        connections.incrementAndGet();
        ChannelFuture f = transport.connect(address, this::pieceCount, ch -> initChannel(ch, t, source, address));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                connections.decrementAndGet();
            }
        });
        return f;
    }

    /** How many more connections the session may open now. */
    int dialRoom() {
        return closed ? 0 : config.maxConnections() - connections.get();
    }

    void connectionClosed() {
        connections.decrementAndGet();
    }

    /** True when {@code a} is our own listening socket: we never dial ourselves. */
    boolean isSelf(InetSocketAddress a) {
        return listeners.isSelf(a);
    }

    void removed(TorrentHandle t) {
        discovery.stopped(t);
        torrents.remove(t.infoHash(), t);
    }

    private void accept(Channel ch) {
        if (closed || connections.incrementAndGet() > config.maxConnections()) {
            LOG.debug("refusing {}: connection limit {}", ch.remoteAddress(), config.maxConnections());
            ch.pipeline().addLast(new PeerHandler(this, null, PeerSource.INCOMING));
            ch.close();
            return;
        }
        initChannel(ch, null, PeerSource.INCOMING, null);
    }

    /** Puts MSE first, runs the connection hooks, then adds our handler last. */
    private void initChannel(Channel ch, TorrentHandle dialled, PeerSource source, InetSocketAddress address) {
        encryptor.initChannel(ch, dialled, address);
        hooks.initChannel(ch, dialled == null ? null : dialled.infoHash());
        ch.pipeline().addLast(new PeerHandler(this, dialled, source));
    }

    /**
     * The bound for the peer's message decoder: the piece count, or before the metadata the most pieces a torrent
     * can have ({@link HeldPieces#MAX_PIECES}), checked exactly once the metadata is known.
     */
    private int pieceCount(Handshake h) {
        TorrentHandle t = torrents.get(h.infoHash());
        if (t == null) {
            throw new WireException("handshake for info-hash " + h.infoHash() + ", which we do not serve");
        }
        Metainfo m = t.metainfo();
        return m == null ? HeldPieces.MAX_PIECES : m.pieceCount();
    }

    private void tick() {
        for (TorrentHandle t : torrents.values()) {
            try {
                t.tick();
            } catch (RuntimeException e) {
                LOG.warn("{}: timer task failed", t.name(), e);
            }
        }
    }

    /** The wire defaults with the session's peer timeouts. */
    private static WireTransport.Settings wireSettings(SessionConfig c) {
        WireTransport.Settings d = WireTransport.Settings.defaults();
        return new WireTransport.Settings(d.ioThreads(), d.nativeTransport(), d.allocator(), d.socketBufferBytes(),
                d.connectTimeout(), c.handshakeTimeout(), d.keepAliveInterval(), c.idleTimeout());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(() -> {
                ENGINE_THREAD.set(true);
                r.run();
            }, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
