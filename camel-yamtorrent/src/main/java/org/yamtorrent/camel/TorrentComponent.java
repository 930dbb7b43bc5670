package org.yamtorrent.camel;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * The {@code torrent:} component. It owns one engine {@link Session} per CamelContext, started and stopped with
 * the component; a graceful stop announces {@code stopped} and saves every torrent's resume record.
 */
@Component("torrent")
public class TorrentComponent extends HealthCheckComponent {

    @Metadata(description = "The options every endpoint starts from; an endpoint's URI parameters override them.")
    private TorrentConfiguration configuration = new TorrentConfiguration();

    // --- the engine session: one per component, mapped in sessionConfig()

    @Metadata(defaultValue = "6881", description = "The TCP port to accept peers on; 0 picks a free port.")
    private int listenPort = 6881;
    @Metadata(defaultValue = "0.0.0.0", description = "The address to accept peers on.")
    private String listenAddress = "0.0.0.0";
    @Metadata(defaultValue = "200", description = "The most peer connections over all torrents.")
    private int maxConnections = 200;
    @Metadata(defaultValue = "50", description = "The most peer connections of one torrent.")
    private int maxConnectionsPerTorrent = 50;
    @Metadata(defaultValue = "4", description = "The most torrents downloading at once over all endpoints; "
                                                + "more wait their turn.")
    private int maxActiveTorrents = 4;
    @Metadata(description = "Where resume records are kept. By default each download directory keeps its own, "
                            + "in its .yamtorrent folder.")
    private String resumeDirectory;
    @Metadata(defaultValue = "-YT0010-", description = "The first characters (at most 20) of our peer id (BEP 20).")
    private String peerIdPrefix = "-YT0010-";
    @Metadata(defaultValue = "6969", description = "The port of the embedded tracker; 0 picks a free port.")
    private int embeddedTrackerPort = 6969;
    @Metadata(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "The shortest re-announce interval accepted from a tracker.")
    private long minAnnounceInterval = 30_000;

    private Session session;
    private EmbeddedTracker tracker;
    private DownloadSlots downloadSlots;
    private ScheduledExecutorService progressTimer;
    /** How many DHT nodes the session knows, for the health checks and the console; none until a DHT runs. */
    private IntSupplier dhtNodes = () -> 0;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        TorrentConfiguration endpointConfiguration = configuration != null ? configuration.copy() : new TorrentConfiguration();
        endpointConfiguration.setOperation(
                getCamelContext().getTypeConverter().mandatoryConvertTo(TorrentOperation.class, remaining));
        TorrentEndpoint endpoint = new TorrentEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        session = Session.open(sessionConfig());
        downloadSlots = new DownloadSlots(maxActiveTorrents);
        progressTimer = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "TorrentProgress");
        if (configuration != null && configuration.isEmbeddedTracker()) {
            startEmbeddedTracker();
        }
    }

    private SessionConfig sessionConfig() throws java.net.UnknownHostException {
        return new SessionConfig()
                .listenAddress(InetAddress.getByName(listenAddress))
                .listenPort(listenPort)
                .maxConnections(maxConnections)
                .maxConnectionsPerTorrent(maxConnectionsPerTorrent)
                .peerIdPrefix(peerIdPrefix)
                .minAnnounceInterval(Duration.ofMillis(minAnnounceInterval))
                .resumeDirectory(resumeDirectory == null ? null : Path.of(resumeDirectory));
    }

    @Override
    protected void doStop() throws Exception {
        if (tracker != null) {
            tracker.close();
            tracker = null;
        }
        if (session != null) {
            session.close();
            session = null;
        }
        if (progressTimer != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(progressTimer);
            progressTimer = null;
        }
        super.doStop();
    }

    /** The engine session; available while the component is started. */
    public Session getSession() {
        return session;
    }

    /** The DHT nodes the session knows (0 without a DHT). */
    public int getDhtNodes() {
        return dhtNodes.getAsInt();
    }

    /** Where {@link #getDhtNodes()} reads from once the session runs a DHT. */
    void dhtNodes(IntSupplier count) {
        this.dhtNodes = count;
    }

    DownloadSlots getDownloadSlots() {
        return downloadSlots;
    }

    /** Logs the torrent's progress every interval while it downloads. */
    void watchProgress(TorrentHandle t, long intervalMillis) {
        ProgressLog.watch(progressTimer, t, intervalMillis);
    }

    /** Starts the embedded tracker if it is not running; returns its announce URL. */
    public synchronized String startEmbeddedTracker() {
        if (tracker == null) {
            try {
                tracker = EmbeddedTracker.start(new java.net.InetSocketAddress(listenAddress, embeddedTrackerPort),
                        EmbeddedTracker.DEFAULT_INTERVAL);
            } catch (java.io.IOException e) {
                throw new org.yamtorrent.engine.TorrentException("cannot start the embedded tracker on port "
                        + embeddedTrackerPort + ": " + e.getMessage(), e);
            }
        }
        return tracker.announceUrl().toString();
    }

    /** The embedded tracker's announce URL, or null when it is not running. */
    public synchronized String getEmbeddedTrackerUrl() {
        return tracker == null ? null : tracker.announceUrl().toString();
    }

    public TorrentConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(TorrentConfiguration configuration) {
        this.configuration = configuration;
    }

    public int getListenPort() {
        return listenPort;
    }

    public void setListenPort(int listenPort) {
        this.listenPort = listenPort;
    }

    public String getListenAddress() {
        return listenAddress;
    }

    public void setListenAddress(String listenAddress) {
        this.listenAddress = listenAddress;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerTorrent() {
        return maxConnectionsPerTorrent;
    }

    public void setMaxConnectionsPerTorrent(int maxConnectionsPerTorrent) {
        this.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
    }

    public int getMaxActiveTorrents() {
        return maxActiveTorrents;
    }

    public void setMaxActiveTorrents(int maxActiveTorrents) {
        this.maxActiveTorrents = maxActiveTorrents;
    }

    public String getResumeDirectory() {
        return resumeDirectory;
    }

    public void setResumeDirectory(String resumeDirectory) {
        this.resumeDirectory = resumeDirectory;
    }

    public String getPeerIdPrefix() {
        return peerIdPrefix;
    }

    public void setPeerIdPrefix(String peerIdPrefix) {
        this.peerIdPrefix = peerIdPrefix;
    }

    public int getEmbeddedTrackerPort() {
        return embeddedTrackerPort;
    }

    public void setEmbeddedTrackerPort(int embeddedTrackerPort) {
        this.embeddedTrackerPort = embeddedTrackerPort;
    }

    public long getMinAnnounceInterval() {
        return minAnnounceInterval;
    }

    public void setMinAnnounceInterval(long minAnnounceInterval) {
        this.minAnnounceInterval = minAnnounceInterval;
    }
}
