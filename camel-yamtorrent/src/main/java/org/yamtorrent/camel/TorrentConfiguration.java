package org.yamtorrent.camel;


import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.picker.PieceOrder;
import org.yamtorrent.engine.session.FileSelector;

/**
 * The options of the four operations. The component holds one, settable as {@code camel.component.torrent.*}; each
 * endpoint starts from a {@link #copy()} of it and sets its URI parameters on the copy, as camel-aws2-s3 does.
 * <p>
 * Where a new option goes: an option every download or seed uses (an engine {@link org.yamtorrent.engine.session.TorrentOptions} setting such as
 * a file selection) is a field in the first group and is mapped in {@link #torrentOptions()}; an option of one
 * operation goes into that operation's group with {@code label = "consumer"} or {@code "producer"}. An option of the
 * whole engine session (one port, one DHT) is not here but on {@link TorrentComponent}. The per-torrent rate limits
 * are on {@link TorrentEndpoint} itself: the fields here are component options too, and the component's
 * {@code maxDownloadRate} and {@code maxUploadRate} are the session's limits.
 */
@UriParams
public class TorrentConfiguration implements Cloneable {

    @UriPath(description = "What the endpoint does: download (consumer or producer), create, seed or info "
                           + "(producers).")
    @Metadata(required = true)
    private TorrentOperation operation;

    // --- every download and seed: mapped to the engine's TorrentOptions by TorrentEndpoint.torrentOptions

    @UriParam(description = "Where payloads are downloaded to (download) or where the data to seed lies (seed). "
                            + "Also holds the endpoint's resume records and idempotent repository under .yamtorrent.",
              defaultValue = "downloads")
    private String directory = "downloads";

    @UriParam(defaultValue = "IN_ORDER", description = "Which missing piece to fetch next: IN_ORDER (first to last, "
                                                       + "for streaming) or RAREST_FIRST (best for the swarm).")
    private PieceOrder pieceOrder = PieceOrder.IN_ORDER;

    @UriParam(defaultValue = "0", javaType = "java.time.Duration",
              description = "The least time to keep seeding after a download completes; -1 seeds until the route "
                            + "stops. Seeding ends once both seedTime has passed and seedRatio is reached. The seed "
                            + "operation seeds until stopped unless this is set.")
    private long seedTime;

    @UriParam(defaultValue = "0", description = "The least upload ratio (uploaded / payload size) to reach before "
                                                + "seeding ends.")
    private double seedRatio;

    @UriParam(defaultValue = "false",
              description = "Super-seeding (BEP 16) once the data is complete (the seed operation, or a download that goes on see"
                            + "ding): each peer learns of one piece at a time, the next once the last turned up at another peer, so"
                            + " peers trade pieces and this seed uploads about one copy of the payload however many download it at "
                            + "once. For an origin that fans a file out to many nodes; slower than plain seeding for a single peer.")
    private boolean superSeed;

    @UriParam(description = "Extra peers to connect to, as host:port separated by commas, for torrents without "
                            + "a reachable tracker.")
    private String staticPeers;

    @UriParam(description = "Download only some files of the torrent: file indexes and inclusive index ranges "
                            + "(0 is the first file, BEP 47 pad files not counted, as in CamelTorrentFileIndex) or "
                            + "glob patterns on the path inside the torrent, separated by commas, e.g. 0,2-3 or "
                            + "*.iso,docs/**. A pattern without / matches the file name in any directory; * stays "
                            + "within a directory, ** crosses them. Files not selected are not created and the "
                            + "exchange carries only the selected ones. An index beyond the torrent's files, or a "
                            + "pattern that matches none, fails the download with a FileSelectionException naming "
                            + "it. Empty: every file. The producer's CamelTorrentFiles header overrides it; it "
                            + "overrides a magnet link's so=.")
    private String files;

    @UriParam(description = "Extra web seeds (BEP 19): http or https URLs separated by commas, fetched from with range "
                            + "requests beside the peers and the torrent's own url-list. A URL names the file of a "
                            + "single-file torrent (or its folder, ending in '/'), or the folder above a multi-file "
                            + "torrent's directory.")
    private String webSeeds;

    // --- download, as consumer or producer

    @UriParam(javaType = "java.time.Duration",
              description = "Fail a producer download that has not completed within this time; 0 waits forever. "
                            + "A magnet link (producer or consumer, download or info) whose metadata has not come "
                            + "from peers within this time fails with a MetadataTimeoutException naming its "
                            + "info-hash: the consumer moves the .magnet to .failed/. "
                            + "With stream=true (producer or consumer): a read of the stream fails when no piece of its read-ahead window "
                            + "verified for this long.",
              defaultValue = "0")
    private long timeout;

    @UriParam(defaultValue = "false",
              description = "download: hand the payload on as soon as the torrent is added, as an InputStream that "
                            + "yields it in order as pieces verify. The producer continues at once (a multi-file "
                            + "torrent gives a List of Message with one InputStream per file, for split(body())); the "
                            + "consumer sends one exchange per file in turn. The pieces just ahead of the reader are "
                            + "fetched first whatever pieceOrder says; memory stays bounded. A piece that can never "
                            + "be had fails the read with an IOException. When the exchange ends (or its last stream "
                            + "is closed) an unfinished download is stopped unless seedTime or seedRatio ask for "
                            + "seeding.")
    private boolean stream;

    @UriParam(defaultValue = "5s", javaType = "java.time.Duration",
              description = "How often an INFO progress line is logged per active torrent; 0 logs none.")
    private long progressInterval = 5000;

    @UriParam(defaultValue = "0", javaType = "java.time.Duration",
              description = "Fail a download that has received no payload data for this long (no reachable peer, "
                            + "its trackers down) with the reason: the consumer moves the .torrent to .failed/, the "
                            + "producer fails the exchange. 0 waits for ever; it is logged as stalled either way, "
                            + "every stallLogInterval of the component.")
    private long stallTimeout;

    // --- the download consumer (drop folder)

    @UriParam(label = "consumer", description = "The drop folder polled for *.torrent files (and *.magnet files, one "
                                                + "magnet link each). Finished ones move to .done/, failed ones to "
                                                + ".failed/ with the reason beside them.")
    private String watchDirectory;

    @UriParam(label = "consumer", defaultValue = "2",
              description = "How many torrents this consumer downloads at once; further drops wait.")
    private int maxConcurrentDownloads = 2;

    @UriParam(label = "consumer", description = "Remembers which info-hashes were downloaded so the same torrent "
                                                + "dropped twice is fetched once. Defaults to a file-based repository "
                                                + "in the .yamtorrent folder of directory, which survives restarts.")
    private IdempotentRepository idempotentRepository;

    @UriParam(label = "consumer", defaultValue = "500", javaType = "java.time.Duration",
              description = "How long to wait between two scans of the drop folder.")
    private long delay = 500;

    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration",
              description = "How long after the consumer starts the drop folder is scanned first.")
    private long initialDelay = 1000;

    // --- create

    @UriParam(label = "producer", description = "create: the announce URL of the new torrent.")
    private String announce;

    @UriParam(label = "producer", description = "create: more trackers (BEP 12): tiers separated by a vertical "
                                                + "bar, URLs within a tier by commas.")
    private String announceList;

    @UriParam(label = "producer", description = "create: the piece length in bytes, a power of two from 16 KiB to "
                                                + "64 MiB; 0 picks one for about 1000-2000 pieces.", defaultValue = "0")
    private int pieceLength;

    @UriParam(name = "private", label = "producer", description = "create: mark the torrent private (BEP 27).",
              defaultValue = "false")
    private boolean privateTorrent;

    @UriParam(label = "producer", description = "create: a comment stored in the torrent.")
    private String comment;

    @UriParam(label = "producer", description = "create: which hashes the torrent carries: V1 (BEP 3, every client "
                                                + "reads it), HYBRID (v1 and BEP 52 v2, with pad files, as libtorrent "
                                                + "2 makes them) or V2 (BEP 52 only).", defaultValue = "V1")
    private TorrentCreator.MetaVersion metaVersion = TorrentCreator.MetaVersion.V1;

    @UriParam(label = "producer", description = "create: web seed URLs (BEP 19 url-list), separated by ','.")
    private String urlList;

    // --- seed

    @UriParam(defaultValue = "false",
              description = "Run the engine's embedded HTTP tracker: set on the component it starts with the "
                            + "component; on a seed endpoint, with its first seed.")
    private boolean embeddedTracker;

    /** A copy for one endpoint, so its URI parameters leave the component's configuration as it is. */
    public TorrentConfiguration copy() {
        try {
            return (TorrentConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public TorrentOperation getOperation() {
        return operation;
    }

    public void setOperation(TorrentOperation operation) {
        this.operation = operation;
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public PieceOrder getPieceOrder() {
        return pieceOrder;
    }

    public void setPieceOrder(PieceOrder pieceOrder) {
        this.pieceOrder = pieceOrder;
    }

    public long getSeedTime() {
        return seedTime;
    }

    public void setSeedTime(long seedTime) {
        this.seedTime = seedTime;
    }

    public double getSeedRatio() {
        return seedRatio;
    }

    public void setSeedRatio(double seedRatio) {
        this.seedRatio = seedRatio;
    }

    public boolean isSuperSeed() {
        return superSeed;
    }

    public void setSuperSeed(boolean superSeed) {
        this.superSeed = superSeed;
    }

    public String getStaticPeers() {
        return staticPeers;
    }

    public void setStaticPeers(String staticPeers) {
        this.staticPeers = staticPeers;
    }

    public String getFiles() {
        return files;
    }

    /** @throws org.yamtorrent.engine.session.FileSelectionException when an item is not an index, range or glob */
    public void setFiles(String files) {
        if (files != null && !files.isBlank()) {
            FileSelector.parse(files);
        }
        this.files = files;
    }

    public long getTimeout() {
        return timeout;
    }

    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public boolean isStream() {
        return stream;
    }

    public void setStream(boolean stream) {
        this.stream = stream;
    }

    public long getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(long stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    public long getProgressInterval() {
        return progressInterval;
    }

    public void setProgressInterval(long progressInterval) {
        this.progressInterval = progressInterval;
    }

    public String getWatchDirectory() {
        return watchDirectory;
    }

    public void setWatchDirectory(String watchDirectory) {
        this.watchDirectory = watchDirectory;
    }

    public int getMaxConcurrentDownloads() {
        return maxConcurrentDownloads;
    }

    public void setMaxConcurrentDownloads(int maxConcurrentDownloads) {
        this.maxConcurrentDownloads = maxConcurrentDownloads;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public long getDelay() {
        return delay;
    }

    public void setDelay(long delay) {
        this.delay = delay;
    }

    public long getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(long initialDelay) {
        this.initialDelay = initialDelay;
    }

    public String getAnnounce() {
        return announce;
    }

    public void setAnnounce(String announce) {
        this.announce = announce;
    }

    public String getAnnounceList() {
        return announceList;
    }

    public void setAnnounceList(String announceList) {
        this.announceList = announceList;
    }

    public int getPieceLength() {
        return pieceLength;
    }

    public void setPieceLength(int pieceLength) {
        this.pieceLength = pieceLength;
    }

    public boolean isPrivate() {
        return privateTorrent;
    }

    public void setPrivate(boolean privateTorrent) {
        this.privateTorrent = privateTorrent;
    }

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    public TorrentCreator.MetaVersion getMetaVersion() {
        return metaVersion;
    }

    public void setMetaVersion(TorrentCreator.MetaVersion metaVersion) {
        this.metaVersion = metaVersion;
    }

    public String getWebSeeds() {
        return webSeeds;
    }

    public void setWebSeeds(String webSeeds) {
        this.webSeeds = webSeeds;
    }

    public String getUrlList() {
        return urlList;
    }

    public void setUrlList(String urlList) {
        this.urlList = urlList;
    }

    public boolean isEmbeddedTracker() {
        return embeddedTracker;
    }

    public void setEmbeddedTracker(boolean embeddedTracker) {
        this.embeddedTracker = embeddedTracker;
    }
}
