package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.FilePriority;
import org.yamtorrent.engine.picker.PieceOrder;

/** Per-torrent choices when adding a torrent to a {@link Session}. Fluent setters. */
public final class TorrentOptions {

    private PieceOrder pieceOrder = PieceOrder.IN_ORDER;
    private Duration seedTime = Duration.ZERO;
    private double seedRatio;
    private java.nio.file.Path resumeFile;
    private final List<InetSocketAddress> staticPeers = new ArrayList<>();
    private final List<String> extraTrackers = new ArrayList<>();
    private final List<String> webSeeds = new ArrayList<>();
    private final List<TorrentListener> listeners = new ArrayList<>();
    private boolean useTrackers = true;
    private boolean superSeed;
    private String displayName;
    private long maxDownloadRate;
    private long maxUploadRate;
    private Function<Metainfo, List<FilePriority>> filePriorities;
    private Duration metadataTimeout;

    /** What to call a torrent added by info-hash until its metadata names it (a magnet's {@code dn}); may be null. */
    public String displayName() {
        return displayName;
    }

    public TorrentOptions displayName(String displayName) {
        this.displayName = displayName;
        return this;
    }

    /**
     * Chooses each file's priority from the metadata, once it is known (at once for a .torrent, when it arrives for
     * a magnet); null (the default) downloads every file. The function returns one priority per
     * {@link Metainfo#files()} entry; a {@link org.yamtorrent.engine.TorrentException} it throws (a selection that
     * matches nothing, say) fails the torrent with that message. Change them later with
     * {@link TorrentHandle#setFilePriorities}.
     */
    public Function<Metainfo, List<FilePriority>> filePriorities() {
        return filePriorities;
    }

    public TorrentOptions filePriorities(Function<Metainfo, List<FilePriority>> chooser) {
        this.filePriorities = chooser;
        return this;
    }

    /** The same priorities whatever the metadata: one per file of the torrent. */
    public TorrentOptions filePriorities(List<FilePriority> priorities) {
        List<FilePriority> fixed = List.copyOf(priorities);
        return filePriorities(m -> fixed);
    }

    public PieceOrder pieceOrder() {
        return pieceOrder;
    }

    public TorrentOptions pieceOrder(PieceOrder pieceOrder) {
        this.pieceOrder = pieceOrder;
        return this;
    }

    /**
     * The least time to keep seeding after completion; {@link Duration#ZERO} (the default) adds none, null seeds
     * until stopped. Seeding ends once both this time has passed and the ratio is reached.
     */
    public Duration seedTime() {
        return seedTime;
    }

    public TorrentOptions seedTime(Duration seedTime) {
        this.seedTime = seedTime;
        return this;
    }

    /** The least uploaded / payload size to reach before seeding ends; 0 (the default) asks for none. */
    public double seedRatio() {
        return seedRatio;
    }

    public TorrentOptions seedRatio(double seedRatio) {
        this.seedRatio = seedRatio;
        return this;
    }

    /**
     * Super-seeding (BEP 16) while this torrent is complete: each peer learns of one piece at a time, the next once
     * the last turned up at another peer, so peers trade pieces and the seed uploads about one copy in all. For an
     * origin serving many downloaders at once; slower than plain seeding for a single peer. Off by default.
     */
    public boolean superSeed() {
        return superSeed;
    }

    public TorrentOptions superSeed(boolean superSeed) {
        this.superSeed = superSeed;
        return this;
    }

    /** Seed until stopped. */
    public TorrentOptions seedForever() {
        this.seedTime = null;
        return this;
    }

    /** Where this torrent's resume record lives; null uses the session's resume directory. */
    public java.nio.file.Path resumeFile() {
        return resumeFile;
    }

    public TorrentOptions resumeFile(java.nio.file.Path resumeFile) {
        this.resumeFile = resumeFile;
        return this;
    }

    /** Peers to connect to besides those trackers return; lets a torrent without a reachable tracker work. */
    public List<InetSocketAddress> staticPeers() {
        return staticPeers;
    }

    public TorrentOptions addStaticPeer(InetSocketAddress peer) {
        staticPeers.add(peer);
        return this;
    }

    /**
     * Tracker URLs announced to besides the torrent's own, each a tier of its own like a magnet link's {@code tr}
     * (one the torrent already lists is not announced twice).
     */
    public List<String> extraTrackers() {
        return extraTrackers;
    }

    public TorrentOptions addTracker(String url) {
        extraTrackers.add(url);
        return this;
    }

    /** Web seed URLs (BEP 19) used besides the torrent's own url-list, e.g. a magnet's {@code ws=}. */
    public List<String> webSeeds() {
        return webSeeds;
    }

    public TorrentOptions addWebSeed(String url) {
        webSeeds.add(url);
        return this;
    }

    /** Whether to announce to trackers at all (false: static peers and incoming connections only). */
    public boolean useTrackers() {
        return useTrackers;
    }

    public TorrentOptions useTrackers(boolean useTrackers) {
        this.useTrackers = useTrackers;
        return this;
    }

    /**
     * The most payload bytes a second this torrent receives; 0 (the default) is unlimited. The session's limit
     * applies as well. Change it while the torrent runs through {@link TorrentHandle#limits()}.
     */
    public long maxDownloadRate() {
        return maxDownloadRate;
    }

    public TorrentOptions maxDownloadRate(long bytesPerSecond) {
        this.maxDownloadRate = SessionConfig.nonNegative(bytesPerSecond);
        return this;
    }

    /** The most payload bytes a second this torrent sends; 0 (the default) is unlimited. */
    public long maxUploadRate() {
        return maxUploadRate;
    }

    public TorrentOptions maxUploadRate(long bytesPerSecond) {
        this.maxUploadRate = SessionConfig.nonNegative(bytesPerSecond);
        return this;
    }

    /**
     * What a magnet link says besides its info-hash: its {@code dn} as the display name, each {@code tr} as a
     * tracker, each {@code x.pe} as a static peer, each {@code ws} as a web seed, and its BEP 53 {@code so} as the
     * file selection unless one was chosen already (an explicit choice wins over the link's). Add the torrent with
     * {@code session.add(magnet.infoHash(), ...)}.
     */
    public TorrentOptions magnet(MagnetUri magnet) {
        if (magnet.displayName() != null) {
            displayName(magnet.displayName());
        }
        magnet.trackers().forEach(this::addTracker);
        for (InetSocketAddress p : magnet.peers()) {
            addStaticPeer(p.isUnresolved() ? new InetSocketAddress(p.getHostString(), p.getPort()) : p);
        }
        magnet.webSeeds().forEach(this::addWebSeed);
        FileSelector so = FileSelector.of(magnet);
        if (filePriorities == null && so != null) {
            filePriorities(so);
        }
        return this;
    }

    /** How long a torrent added by info-hash may wait for its metadata; null (the default) waits as long as it runs. */
    public Duration metadataTimeout() {
        return metadataTimeout;
    }

    /** Fail with a {@link MetadataTimeoutException} when the metadata has not come from peers within this time. */
    public TorrentOptions metadataTimeout(Duration metadataTimeout) {
        this.metadataTimeout = metadataTimeout;
        return this;
    }

    public List<TorrentListener> listeners() {
        return listeners;
    }

    public TorrentOptions addListener(TorrentListener listener) {
        listeners.add(listener);
        return this;
    }
}
