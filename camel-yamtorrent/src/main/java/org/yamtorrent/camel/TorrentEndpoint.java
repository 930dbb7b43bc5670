package org.yamtorrent.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.session.FileSelector;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentListener;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.session.TorrentState;

/**
 * Download, create and seed BitTorrent torrents.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "torrent", title = "Torrent", syntax = "torrent:operation",
             category = { Category.FILE, Category.TRANSFORMATION }, headersClass = TorrentConstants.class)
@ManagedResource(description = "Managed Torrent endpoint: the torrents its consumer and producers run")
public class TorrentEndpoint extends DefaultEndpoint {

    @UriParam
    private TorrentConfiguration configuration;

    @UriParam(defaultValue = "0", description = "The most payload bytes a second each torrent of this endpoint "
                                                + "receives; 0 is unlimited. The component's maxDownloadRate, over all "
                                                + "torrents, applies as well.")
    private long maxDownloadRate;

    @UriParam(defaultValue = "0", description = "The most payload bytes a second each torrent of this endpoint "
                                                + "sends; 0 is unlimited. The component's maxUploadRate applies as well.")
    private long maxUploadRate;

    /** The torrents this endpoint's consumer and producers added that have not stopped or failed. */
    private final Set<TorrentHandle> torrents = ConcurrentHashMap.newKeySet();

    public TorrentEndpoint(String uri, TorrentComponent component, TorrentConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public TorrentComponent getComponent() {
        return (TorrentComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new TorrentProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (configuration.getOperation() != TorrentOperation.download) {
            throw new IllegalArgumentException("torrent:" + configuration.getOperation()
                    + " has no consumer; use torrent:download");
        }
        if (configuration.getWatchDirectory() == null) {
            throw new IllegalArgumentException("torrent:download as a consumer needs watchDirectory");
        }
        TorrentConsumer consumer = new TorrentConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The engine options every download or seed of this endpoint uses. */
    TorrentOptions torrentOptions(Path directory, InfoHash infoHash) {
        return torrentOptions(directory, infoHash, configuration.getFiles());
    }

    /** {@link #torrentOptions(Path, InfoHash)} downloading only {@code files} (the files option's syntax). */
    TorrentOptions torrentOptions(Path directory, InfoHash infoHash, String files) {
        TorrentOptions o = new TorrentOptions()
                .pieceOrder(configuration.getPieceOrder())
                .seedTime(configuration.getSeedTime() < 0 ? null : Duration.ofMillis(configuration.getSeedTime()))
                .seedRatio(configuration.getSeedRatio())
                .superSeed(configuration.isSuperSeed())
                .maxDownloadRate(maxDownloadRate)
                .maxUploadRate(maxUploadRate);
        String peers = configuration.getStaticPeers();
        if (peers != null && !peers.isBlank()) {
            for (String p : peers.split(",")) {
                o.addStaticPeer(HostPort.parse(p.trim()));
            }
        }
        if (files != null && !files.isBlank()) {
            o.filePriorities(FileSelector.parse(files));
        }
        list(configuration.getWebSeeds()).forEach(o::addWebSeed);
        getComponent().meter(o);
        if (getComponent().getResumeDirectory() == null) {
            // one record per torrent: several torrents share a download directory
            o.resumeFile(stateDirectory(directory).resolve("resume").resolve(infoHash.hex() + ".resume"));
        }
        return o;
    }

    /** The items of a comma-separated option, trimmed, blanks left out; none for null. */
    private static List<String> list(String option) {
        return option == null ? List.of()
                : Arrays.stream(option.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Streams over a download ({@code stream=true}) with this endpoint's seeding and timeout choices. */
    StreamedDownload streamed(TorrentHandle torrent, boolean owned) {
        return new StreamedDownload(torrent, owned, configuration.getSeedTime() != 0 || configuration.getSeedRatio() > 0,
                configuration.getTimeout() > 0 ? Duration.ofMillis(configuration.getTimeout()) : null);
    }

    /** Counts the torrent as this endpoint's until it stops or fails. */
    void track(TorrentHandle t) {
        torrents.add(t);
        t.addListener(new TorrentListener() {
            @Override
            public void stateChanged(TorrentHandle torrent, TorrentState state) {
                if (state == TorrentState.STOPPED || state == TorrentState.ERROR) {
                    torrents.remove(torrent);
                }
            }
        });
        t.completion().whenComplete((r, e) -> {
            if (e != null) {
                torrents.remove(t);
            }
        });
    }

    /** The torrents this endpoint's consumer and producers run. */
    List<TorrentHandle> torrents() {
        return List.copyOf(torrents);
    }

    @ManagedAttribute(description = "How many torrents this endpoint runs")
    public int getTorrentCount() {
        return torrents.size();
    }

    @ManagedAttribute(description = "The torrents this endpoint runs: info-hash, name, state, percent")
    public String[] getTorrents() {
        return TorrentStats.describe(torrents);
    }

    @ManagedAttribute(description = "Download rate of this endpoint's torrents, bytes per second")
    public double getDownloadRate() {
        return TorrentStats.downloadRate(torrents);
    }

    @ManagedAttribute(description = "Upload rate of this endpoint's torrents, bytes per second")
    public double getUploadRate() {
        return TorrentStats.uploadRate(torrents);
    }

    @ManagedAttribute(description = "Peers connected to this endpoint's torrents")
    public int getPeers() {
        return TorrentStats.peers(torrents);
    }

    @ManagedOperation(description = "Pauses this endpoint's torrent with the info-hash (40 hex digits); false if none")
    public boolean pauseTorrent(String infoHash) {
        return TorrentStats.apply(torrents, infoHash, TorrentHandle::pause);
    }

    @ManagedOperation(description = "Resumes this endpoint's paused torrent with the info-hash; false if none")
    public boolean resumeTorrent(String infoHash) {
        return TorrentStats.apply(torrents, infoHash, TorrentHandle::resume);
    }

    @ManagedOperation(description = "Stops this endpoint's torrent with the info-hash for good (an unfinished "
                                    + "download fails); false if none")
    public boolean stopTorrent(String infoHash) {
        return TorrentStats.apply(torrents, infoHash, TorrentHandle::stop);
    }

    /** Where the endpoint keeps its state for a download directory. */
    static Path stateDirectory(Path directory) {
        return directory.resolve(".yamtorrent");
    }

    public TorrentConfiguration getConfiguration() {
        return configuration;
    }

    /** The endpoint's options; a copy of the component's configuration with the URI parameters set on it. */
    public void setConfiguration(TorrentConfiguration configuration) {
        this.configuration = configuration;
    }

    public long getMaxDownloadRate() {
        return maxDownloadRate;
    }

    public void setMaxDownloadRate(long maxDownloadRate) {
        this.maxDownloadRate = maxDownloadRate;
    }

    public long getMaxUploadRate() {
        return maxUploadRate;
    }

    public void setMaxUploadRate(long maxUploadRate) {
        this.maxUploadRate = maxUploadRate;
    }
}
