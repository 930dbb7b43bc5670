package org.yamtorrent.camel;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * Download, create and seed BitTorrent torrents.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "torrent", title = "Torrent", syntax = "torrent:operation",
             category = { Category.FILE, Category.TRANSFORMATION }, headersClass = TorrentConstants.class)
public class TorrentEndpoint extends DefaultEndpoint {

    @UriParam
    private TorrentConfiguration configuration;

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
        TorrentOptions o = configuration.torrentOptions();
        if (getComponent().getResumeDirectory() == null) {
            // one record per torrent: several torrents share a download directory
            o.resumeFile(stateDirectory(directory).resolve("resume").resolve(infoHash.hex() + ".resume"));
        }
        return o;
    }

    /** Streams over a download ({@code stream=true}) with this endpoint's seeding and timeout choices. */
    StreamedDownload streamed(TorrentHandle torrent, boolean owned) {
        return new StreamedDownload(torrent, owned, configuration.getSeedTime() != 0 || configuration.getSeedRatio() > 0,
                configuration.getTimeout() > 0 ? Duration.ofMillis(configuration.getTimeout()) : null);
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
}
