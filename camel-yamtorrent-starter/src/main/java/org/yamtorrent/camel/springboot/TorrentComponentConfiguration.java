package org.yamtorrent.camel.springboot;

import java.time.Duration;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.yamtorrent.camel.TorrentConfiguration;
import org.yamtorrent.engine.metainfo.TorrentCreator.MetaVersion;
import org.yamtorrent.engine.picker.PieceOrder;

/**
 * The {@code torrent:} component's options as Spring Boot properties, {@code camel.component.torrent.*}: one field
 * for each component option in the catalog (torrent.json), with the catalog's description as its javadoc, from
 * which spring-boot-configuration-processor writes the metadata IDEs complete from. Defaults are the component's;
 * an object option takes a bean reference ({@code #name} or {@code #bean:name}, see TorrentComponentConverter).
 * TorrentComponentConfigurationTest fails, naming the field to add, for an option of the catalog that is not here.
 */
@ConfigurationProperties(prefix = "camel.component.torrent")
public class TorrentComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the torrent component. This is enabled by default.
     */
    private Boolean enabled;
    /**
     * The options every endpoint starts from; an endpoint's URI parameters override them.
     */
    private TorrentConfiguration configuration;
    /**
     * Where payloads are downloaded to (download) or where the data to seed lies (seed). Also holds the endpoint's
     * resume records and idempotent repository under .yamtorrent.
     */
    private String directory = "downloads";
    /**
     * Run the engine's embedded HTTP tracker: set on the component it starts with the component; on a seed endpoint,
     * with its first seed.
     */
    private Boolean embeddedTracker = false;
    /**
     * The port of the embedded tracker; 0 picks a free port.
     */
    private Integer embeddedTrackerPort = 6969;
    /**
     * The address to accept peers on.
     */
    private String listenAddress = "0.0.0.0";
    /**
     * The TCP port to accept peers on; 0 picks a free port.
     */
    private Integer listenPort = 6881;
    /**
     * The most torrents downloading at once over all endpoints; more wait their turn.
     */
    private Integer maxActiveTorrents = 4;
    /**
     * The most peer connections over all torrents.
     */
    private Integer maxConnections = 200;
    /**
     * The most peer connections of one torrent.
     */
    private Integer maxConnectionsPerTorrent = 50;
    /**
     * The first characters (at most 20) of our peer id (BEP 20).
     */
    private String peerIdPrefix = "-YT0010-";
    /**
     * Which missing piece to fetch next: IN_ORDER (first to last, for streaming) or RAREST_FIRST (best for the
     * swarm).
     */
    private PieceOrder pieceOrder = PieceOrder.IN_ORDER;
    /**
     * How often an INFO progress line is logged per active torrent; 0 logs none.
     */
    private Duration progressInterval = Duration.ofSeconds(5);
    /**
     * Where resume records are kept. By default each download directory keeps its own, in its .yamtorrent folder.
     */
    private String resumeDirectory;
    /**
     * The least upload ratio (uploaded / payload size) to reach before seeding ends.
     */
    private Double seedRatio = 0.0;
    /**
     * The least time to keep seeding after a download completes; -1 seeds until the route stops. Seeding ends once
     * both seedTime has passed and seedRatio is reached. The seed operation seeds until stopped unless this is set.
     */
    private Duration seedTime = Duration.ZERO;
    /**
     * Extra peers to connect to, as host:port separated by commas, for torrents without a reachable tracker.
     */
    private String staticPeers;
    /**
     * download: hand the payload on as soon as the torrent is added, as an InputStream that yields it in order as
     * pieces verify. The producer continues at once (a multi-file torrent gives a List of Message with one
     * InputStream per file, for split(body())); the consumer sends one exchange per file in turn. The pieces just
     * ahead of the reader are fetched first whatever pieceOrder says; memory stays bounded. A piece that can never be
     * had fails the read with an IOException. When the exchange ends (or its last stream is closed) an unfinished
     * download is stopped unless seedTime or seedRatio ask for seeding.
     */
    private Boolean stream = false;
    /**
     * Super-seeding (BEP 16) once the data is complete (the seed operation, or a download that goes on seeding): each
     * peer learns of one piece at a time, the next once the last turned up at another peer, so peers trade pieces and
     * this seed uploads about one copy of the payload however many download it at once. For an origin that fans a
     * file out to many nodes; slower than plain seeding for a single peer.
     */
    private Boolean superSeed = false;
    /**
     * Fail a producer download that has not completed within this time; 0 waits forever. With stream=true (producer
     * or consumer): a read of the stream fails when no piece of its read-ahead window verified for this long.
     */
    private Duration timeout = Duration.ZERO;
    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as
     * a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and
     * therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook
     * into the 3rd party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored.
     */
    private Boolean bridgeErrorHandler = false;
    /**
     * How long to wait between two scans of the drop folder.
     */
    private Duration delay = Duration.ofMillis(500);
    /**
     * Remembers which info-hashes were downloaded so the same torrent dropped twice is fetched once. Defaults to a
     * file-based repository in the .yamtorrent folder of directory, which survives restarts.
     */
    private IdempotentRepository idempotentRepository;
    /**
     * How long after the consumer starts the drop folder is scanned first.
     */
    private Duration initialDelay = Duration.ofSeconds(1);
    /**
     * How many torrents this consumer downloads at once; further drops wait.
     */
    private Integer maxConcurrentDownloads = 2;
    /**
     * The drop folder polled for .torrent files. Finished ones move to .done/, failed ones to .failed/ with the
     * reason beside them.
     */
    private String watchDirectory;
    /**
     * create: the announce URL of the new torrent.
     */
    private String announce;
    /**
     * create: more trackers (BEP 12): tiers separated by a vertical bar, URLs within a tier by commas.
     */
    private String announceList;
    /**
     * create: a comment stored in the torrent.
     */
    private String comment;
    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed
     * then creating and starting the producer may take a little time and prolong the total processing time of the
     * processing.
     */
    private Boolean lazyStartProducer = false;
    /**
     * create: the piece length in bytes, a power of two from 16 KiB to 64 MiB; 0 picks one for about 1000-2000
     * pieces.
     */
    private Integer pieceLength = 0;
    /**
     * create: which hashes the torrent carries: V1 (BEP 3, every client reads it), HYBRID (v1 and BEP 52 v2, with
     * pad files, as libtorrent 2 makes them) or V2 (BEP 52 only).
     */
    private MetaVersion metaVersion = MetaVersion.V1;
    /**
     * The option private: a Java keyword, so its metadata (description, default) is in
     * additional-spring-configuration-metadata.json.
     */
    private Boolean privateOption = false;
    /**
     * create: web seed URLs (BEP 19 url-list), separated by ','.
     */
    private String urlList;
    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then
     * gets configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;
    /**
     * The shortest re-announce interval accepted from a tracker.
     */
    private Duration minAnnounceInterval = Duration.ofSeconds(30);
    /**
     * Fail a download that has received no payload data for this long (no reachable peer, its trackers down) with
     * the reason: the consumer moves the .torrent to .failed/, the producer fails the exchange. 0 waits for ever; it
     * is logged as stalled either way, every stallLogInterval of the component.
     */
    private Duration stallTimeout = Duration.ofMillis(0);
    /**
     * A download that receives no payload data this long is stalled: it logs a WARN with the reason (peers, each
     * tracker's last result) this often while it stays stalled, and the health checks show it. See the endpoint's
     * stallTimeout.
     */
    private Duration stallLogInterval = Duration.ofMillis(60000);
    /**
     * What the torrent tag of the Micrometer meters holds: the torrent's name or its info-hash.
     */
    private String metricsTag = "name";
    /**
     * The most torrent tag values of the Micrometer meters; further torrents share torrent=other, so the number of
     * time series stays bounded.
     */
    private Integer metricsMaxTorrents = 100;
    /**
     * Used for enabling or disabling all consumer based health checks from this component
     */
    private Boolean healthCheckConsumerEnabled = true;
    /**
     * Used for enabling or disabling all producer based health checks from this component. Notice: Camel has by
     * default disabled all producer based health-checks. You can turn on producer checks globally by setting
     * camel.health.producersEnabled=true.
     */
    private Boolean healthCheckProducerEnabled = true;

    public TorrentConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(TorrentConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public Boolean getEmbeddedTracker() {
        return embeddedTracker;
    }

    public void setEmbeddedTracker(Boolean embeddedTracker) {
        this.embeddedTracker = embeddedTracker;
    }

    public Integer getEmbeddedTrackerPort() {
        return embeddedTrackerPort;
    }

    public void setEmbeddedTrackerPort(Integer embeddedTrackerPort) {
        this.embeddedTrackerPort = embeddedTrackerPort;
    }

    public String getListenAddress() {
        return listenAddress;
    }

    public void setListenAddress(String listenAddress) {
        this.listenAddress = listenAddress;
    }

    public Integer getListenPort() {
        return listenPort;
    }

    public void setListenPort(Integer listenPort) {
        this.listenPort = listenPort;
    }

    public Integer getMaxActiveTorrents() {
        return maxActiveTorrents;
    }

    public void setMaxActiveTorrents(Integer maxActiveTorrents) {
        this.maxActiveTorrents = maxActiveTorrents;
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxConnectionsPerTorrent() {
        return maxConnectionsPerTorrent;
    }

    public void setMaxConnectionsPerTorrent(Integer maxConnectionsPerTorrent) {
        this.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
    }

    public String getPeerIdPrefix() {
        return peerIdPrefix;
    }

    public void setPeerIdPrefix(String peerIdPrefix) {
        this.peerIdPrefix = peerIdPrefix;
    }

    public PieceOrder getPieceOrder() {
        return pieceOrder;
    }

    public void setPieceOrder(PieceOrder pieceOrder) {
        this.pieceOrder = pieceOrder;
    }

    public Duration getProgressInterval() {
        return progressInterval;
    }

    public void setProgressInterval(Duration progressInterval) {
        this.progressInterval = progressInterval;
    }

    public String getResumeDirectory() {
        return resumeDirectory;
    }

    public void setResumeDirectory(String resumeDirectory) {
        this.resumeDirectory = resumeDirectory;
    }

    public Double getSeedRatio() {
        return seedRatio;
    }

    public void setSeedRatio(Double seedRatio) {
        this.seedRatio = seedRatio;
    }

    public Duration getSeedTime() {
        return seedTime;
    }

    public void setSeedTime(Duration seedTime) {
        this.seedTime = seedTime;
    }

    public String getStaticPeers() {
        return staticPeers;
    }

    public void setStaticPeers(String staticPeers) {
        this.staticPeers = staticPeers;
    }

    public Boolean getStream() {
        return stream;
    }

    public void setStream(Boolean stream) {
        this.stream = stream;
    }

    public Boolean getSuperSeed() {
        return superSeed;
    }

    public void setSuperSeed(Boolean superSeed) {
        this.superSeed = superSeed;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Duration getDelay() {
        return delay;
    }

    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public Duration getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    public Integer getMaxConcurrentDownloads() {
        return maxConcurrentDownloads;
    }

    public void setMaxConcurrentDownloads(Integer maxConcurrentDownloads) {
        this.maxConcurrentDownloads = maxConcurrentDownloads;
    }

    public String getWatchDirectory() {
        return watchDirectory;
    }

    public void setWatchDirectory(String watchDirectory) {
        this.watchDirectory = watchDirectory;
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

    public String getComment() {
        return comment;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Integer getPieceLength() {
        return pieceLength;
    }

    public void setPieceLength(Integer pieceLength) {
        this.pieceLength = pieceLength;
    }

    public MetaVersion getMetaVersion() {
        return metaVersion;
    }

    public void setMetaVersion(MetaVersion metaVersion) {
        this.metaVersion = metaVersion;
    }

    public Boolean getPrivate() {
        return privateOption;
    }

    public void setPrivate(Boolean privateOption) {
        this.privateOption = privateOption;
    }

    public String getUrlList() {
        return urlList;
    }

    public void setUrlList(String urlList) {
        this.urlList = urlList;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Duration getMinAnnounceInterval() {
        return minAnnounceInterval;
    }

    public void setMinAnnounceInterval(Duration minAnnounceInterval) {
        this.minAnnounceInterval = minAnnounceInterval;
    }

    public Duration getStallTimeout() {
        return stallTimeout;
    }

    public void setStallTimeout(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    public Duration getStallLogInterval() {
        return stallLogInterval;
    }

    public void setStallLogInterval(Duration stallLogInterval) {
        this.stallLogInterval = stallLogInterval;
    }

    public String getMetricsTag() {
        return metricsTag;
    }

    public void setMetricsTag(String metricsTag) {
        this.metricsTag = metricsTag;
    }

    public Integer getMetricsMaxTorrents() {
        return metricsMaxTorrents;
    }

    public void setMetricsMaxTorrents(Integer metricsMaxTorrents) {
        this.metricsMaxTorrents = metricsMaxTorrents;
    }

    public Boolean getHealthCheckConsumerEnabled() {
        return healthCheckConsumerEnabled;
    }

    public void setHealthCheckConsumerEnabled(Boolean healthCheckConsumerEnabled) {
        this.healthCheckConsumerEnabled = healthCheckConsumerEnabled;
    }

    public Boolean getHealthCheckProducerEnabled() {
        return healthCheckProducerEnabled;
    }

    public void setHealthCheckProducerEnabled(Boolean healthCheckProducerEnabled) {
        this.healthCheckProducerEnabled = healthCheckProducerEnabled;
    }
}
