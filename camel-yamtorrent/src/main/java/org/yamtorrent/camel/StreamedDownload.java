package org.yamtorrent.camel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.spi.StreamCachingStrategy;
import org.apache.camel.spi.SynchronizationVetoable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.session.PayloadStream;
import org.yamtorrent.engine.session.TorrentHandle;

/**
 * The streams one exchange reads from a downloading torrent ({@code stream=true}). When the last is closed, or the
 * exchange ends, an unfinished download this exchange started is stopped unless seeding was asked (then it goes on
 * to complete and seed); a finished one seeds as seedTime and seedRatio say.
 */
final class StreamedDownload implements SynchronizationVetoable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamedDownload.class);

    private final TorrentHandle torrent;
    private final boolean owned;
    private final boolean seed;
    private final Duration stallTimeout;
    private final List<InputStream> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param owned        whether this exchange added the torrent, so may stop it
     * @param seed         whether the endpoint asks for seeding after completion
     * @param stallTimeout how long a read may wait without progress, or null
     */
    StreamedDownload(TorrentHandle torrent, boolean owned, boolean seed, Duration stallTimeout) {
        this.torrent = torrent;
        this.owned = owned;
        this.seed = seed;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Adds the streams to the deny list of Camel's stream caching, which would otherwise read the whole payload into
     * a cache before the route sees the first byte (stream caching is on by default). The list is the context's,
     * but the class added is ours alone ({@link Tracked}, made only here), so no other body changes; Camel offers
     * no narrower opt-out than a route's streamCaching=false, which every route the stream reaches would need.
     */
    static void neverCache(StreamCachingStrategy strategy) {
        Collection<Class<?>> denied = strategy.getDenyClasses();
        if (denied == null || !denied.contains(Tracked.class)) {
            List<Class<?>> classes = new ArrayList<>(denied == null ? List.of() : denied);
            classes.add(Tracked.class);
            strategy.setDenyClasses(classes.toArray(Class<?>[]::new));
        }
    }

    TorrentHandle torrent() {
        return torrent;
    }

    /** A stream over the file at {@code fileIndex} of {@code metainfo().files()}. */
    InputStream open(int fileIndex) {
        PayloadStream s = torrent.openStream(fileIndex, PayloadStream.defaultWindow(torrent.metainfo().pieceLength()),
                stallTimeout);
        open.incrementAndGet();
        InputStream in = new Tracked(s);
        streams.add(in);
        return in;
    }

    private void closed() {
        // The pieces, not the completion future: a reader may finish the last piece just before it completes.
        boolean complete = torrent.progress().verifiedPieces() == torrent.metainfo().pieceCount();
        if (open.decrementAndGet() == 0 && owned && !complete && !seed) {
            LOG.info("{}: every stream closed before the download completed; stopping it", torrent.name());
            torrent.stop();
        }
    }

    /** The exchange is done: streams the route did not close are closed now, so the download cannot leak. */
    @Override
    public void onComplete(Exchange exchange) {
        closeAll();
    }

    @Override
    public void onFailure(Exchange exchange) {
        closeAll();
    }

    /** Split sub-exchanges must not take this over: the first to finish would close every file's stream. */
    @Override
    public boolean allowHandover() {
        return false;
    }

    @Override
    public void beforeHandover(Exchange target) {
    }

    void closeAll() {
        for (InputStream in : streams) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("{}: closing a stream: {}", torrent.name(), e.getMessage());
            }
        }
    }

    /** Counts its close once. */
    private final class Tracked extends FilterInputStream {
        private boolean closed;

        Tracked(PayloadStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            super.close();
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            closed();
        }
    }
}
