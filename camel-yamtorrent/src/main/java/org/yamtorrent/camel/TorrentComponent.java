package org.yamtorrent.camel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * The {@code torrent:} component. It owns one engine {@link Session} per CamelContext, started and stopped with
 * the component; a graceful stop announces {@code stopped} and saves every torrent's resume record.
 */
@Component("torrent")
@ManagedResource(description = "Managed Torrent component: every torrent of its engine session")
public class TorrentComponent extends TorrentSessionComponent {

    @Metadata(description = "The options every endpoint starts from; an endpoint's URI parameters override them.")
    private TorrentConfiguration configuration = new TorrentConfiguration();

    @Metadata(defaultValue = "4", description = "The most torrents downloading at once over all endpoints; "
                                                + "more wait their turn.")
    private int maxActiveTorrents = 4;
    @Metadata(defaultValue = "6969", description = "The port of the embedded tracker; 0 picks a free port.")
    private int embeddedTrackerPort = 6969;
    @Metadata(label = "advanced", defaultValue = "60s", javaType = "java.time.Duration",
              description = "A download that receives no payload data this long is stalled: it logs a WARN with the "
                            + "reason (peers, each tracker's last result) this often while it stays stalled, and the "
                            + "health checks show it. See the endpoint's stallTimeout.")
    private long stallLogInterval = 60_000;

    // --- Micrometer meters, when Micrometer is on the class path and a MeterRegistry in the registry

    @Metadata(label = "metrics", defaultValue = "name", enums = "name,infoHash",
              description = "What the torrent tag of the Micrometer meters holds: the torrent's name or its info-hash.")
    private String metricsTag = "name";
    @Metadata(label = "metrics", defaultValue = "100",
              description = "The most torrent tag values of the Micrometer meters; further torrents share "
                            + "torrent=other, so the number of time series stays bounded.")
    private int metricsMaxTorrents = 100;

    private EmbeddedTracker tracker;
    private DownloadSlots downloadSlots;
    private ScheduledExecutorService progressTimer;
    private static final boolean MICROMETER = isPresent("io.micrometer.core.instrument.MeterRegistry");
    /** Resolved with the first torrent; null without Micrometer or a MeterRegistry. */
    private TorrentMetrics metrics;
    private boolean metricsResolved;
    private StallWatch stallWatch;

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
        openSession();
        downloadSlots = new DownloadSlots(maxActiveTorrents);
        progressTimer = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "TorrentProgress");
        stallWatch = new StallWatch(progressTimer, stallLogInterval);
        if (configuration != null && configuration.isEmbeddedTracker()) {
            startEmbeddedTracker();
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (tracker != null) {
            tracker.close();
            tracker = null;
        }
        closeSession();
        if (progressTimer != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(progressTimer);
            progressTimer = null;
        }
        synchronized (this) {
            if (metrics != null) {
                metrics.sample();
            }
            metrics = null;
            metricsResolved = false;
        }
        super.doStop();
    }

    /** Every torrent of the session; none while the component is stopped. */
    private List<TorrentHandle> torrents() {
        Session s = getSession();
        return s == null ? List.of() : s.torrents();
    }

    /** Meters the torrent these options are for, when a MeterRegistry is in the registry. */
    void meter(TorrentOptions options) {
        TorrentMetrics m = metrics();
        if (m != null) {
            options.addListener(m.listener());
        }
    }

    /**
     * Looked up with the first torrent rather than at start: camel-main and Spring Boot may bind their registry
     * after the component started.
     */
    private synchronized TorrentMetrics metrics() {
        if (!metricsResolved && MICROMETER) {
            metrics = TorrentMetrics.of(getCamelContext().getRegistry(), "infoHash".equals(metricsTag), metricsMaxTorrents);
            metricsResolved = metrics != null;
            if (metrics != null) {
                progressTimer.scheduleAtFixedRate(metrics::sample, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        return metrics;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, TorrentComponent.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @ManagedAttribute(description = "How many torrents the session runs")
    public int getTorrentCount() {
        return torrents().size();
    }

    @ManagedAttribute(description = "Every torrent of the session: info-hash, name, state, percent")
    public String[] getTorrents() {
        return TorrentStats.describe(torrents());
    }

    @ManagedAttribute(description = "Download rate over all torrents, bytes per second")
    public double getDownloadRate() {
        return TorrentStats.downloadRate(torrents());
    }

    @ManagedAttribute(description = "Upload rate over all torrents, bytes per second")
    public double getUploadRate() {
        return TorrentStats.uploadRate(torrents());
    }

    @ManagedAttribute(description = "Peers connected over all torrents")
    public int getPeers() {
        return TorrentStats.peers(torrents());
    }

    @ManagedOperation(description = "Pauses the torrent with the info-hash (40 hex digits); false if none")
    public boolean pauseTorrent(String infoHash) {
        return TorrentStats.apply(torrents(), infoHash, TorrentHandle::pause);
    }

    @ManagedOperation(description = "Resumes the paused torrent with the info-hash; false if none")
    public boolean resumeTorrent(String infoHash) {
        return TorrentStats.apply(torrents(), infoHash, TorrentHandle::resume);
    }

    @ManagedOperation(description = "Stops the torrent with the info-hash for good (an unfinished download fails); "
                                    + "false if none")
    public boolean stopTorrent(String infoHash) {
        return TorrentStats.apply(torrents(), infoHash, TorrentHandle::stop);
    }

    DownloadSlots getDownloadSlots() {
        return downloadSlots;
    }

    /**
     * Logs the torrent's progress every interval while it downloads, and watches it for stalls; a stall timeout
     * ({@code stallTimeoutMillis} > 0) stops it, see {@link #stallFailure(TorrentHandle, Throwable)}.
     */
    void watchProgress(TorrentHandle t, long intervalMillis, long stallTimeoutMillis) {
        ProgressLog.watch(progressTimer, t, intervalMillis);
        stallWatch.watch(t, stallTimeoutMillis);
    }

    /** The stalled downloads: name and reason. */
    public Map<String, String> getStalledTorrents() {
        StallWatch w = stallWatch;
        return w == null ? Map.of() : w.stalled();
    }

    /** Why the torrent is stalled now, or null. */
    public String getStallReason(TorrentHandle t) {
        StallWatch w = stallWatch;
        return w == null ? null : w.reason(t);
    }

    /** {@code failure}, or, when the stall timeout stopped {@code t}, an error that says why (told once). */
    Throwable stallFailure(TorrentHandle t, Throwable failure) {
        StallWatch w = stallWatch;
        String why = w == null ? null : w.takeStopReason(t);
        return why == null ? failure : new TorrentException(t.name() + " stalled: " + why, failure);
    }

    /** Starts the embedded tracker if it is not running; returns its announce URL. */
    public synchronized String startEmbeddedTracker() {
        if (tracker == null) {
            try {
                tracker = EmbeddedTracker.start(new java.net.InetSocketAddress(listenAddresses().get(0), embeddedTrackerPort),
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

    public int getMaxActiveTorrents() {
        return maxActiveTorrents;
    }

    public void setMaxActiveTorrents(int maxActiveTorrents) {
        this.maxActiveTorrents = maxActiveTorrents;
    }

    public int getEmbeddedTrackerPort() {
        return embeddedTrackerPort;
    }

    public void setEmbeddedTrackerPort(int embeddedTrackerPort) {
        this.embeddedTrackerPort = embeddedTrackerPort;
    }

    public String getMetricsTag() {
        return metricsTag;
    }

    public void setMetricsTag(String metricsTag) {
        this.metricsTag = metricsTag;
    }

    public int getMetricsMaxTorrents() {
        return metricsMaxTorrents;
    }

    public void setMetricsMaxTorrents(int metricsMaxTorrents) {
        this.metricsMaxTorrents = metricsMaxTorrents;
    }

    public long getStallLogInterval() {
        return stallLogInterval;
    }

    public void setStallLogInterval(long stallLogInterval) {
        this.stallLogInterval = stallLogInterval;
    }
}
