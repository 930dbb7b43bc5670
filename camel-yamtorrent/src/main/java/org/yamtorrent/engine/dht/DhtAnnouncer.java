package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Keeps a session's torrents on the DHT: for each active torrent a get_peers lookup with announce_peer for our
 * port when it starts and every {@link #INTERVAL} after, the peers found going to the torrent's callback. A lookup
 * that found nobody is tried again sooner (peers that start with us announce a moment later). Private
 * torrents (BEP 27) are refused. Threads: one timer thread starts the lookups; {@code onPeer} runs on the DHT's
 * event loop and must only hand the peer on.
 */
public final class DhtAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhtAnnouncer.class);
    /** BEP 5 leaves it open; 15 minutes is what libtorrent and Transmission use. */
    public static final Duration INTERVAL = Duration.ofMinutes(15);
    /** After a lookup that found nobody, the next comes this soon, doubling up to {@link #INTERVAL}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);

    private final DhtNode node;
    private final int port;
    private final Duration interval;
    private final Duration firstRetry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "yamtorrent-dht-announce");
        t.setDaemon(true);
        return t;
    });
    /** Each torrent's next lookup; replaced as each lookup ends. */
    private final Map<InfoHash, ScheduledFuture<?>> torrents = new ConcurrentHashMap<>();

    /** Announces on {@code node} that we take peers on TCP {@code port}. */
    public DhtAnnouncer(DhtNode node, int port) {
        this(node, port, INTERVAL, FIRST_RETRY);
    }

    DhtAnnouncer(DhtNode node, int port, Duration interval, Duration firstRetry) {
        this.node = node;
        this.port = port;
        this.interval = interval;
        this.firstRetry = firstRetry;
    }

    /** Starts looking up and announcing {@code infoHash}; false (and nothing sent) for a private torrent. */
    public boolean add(InfoHash infoHash, boolean isPrivate, Consumer<InetSocketAddress> onPeer) {
        if (isPrivate) {
            return false;
        }
        torrents.computeIfAbsent(infoHash, ih -> timer.schedule(() -> announce(ih, onPeer, firstRetry), 0,
                TimeUnit.NANOSECONDS));
        return true;
    }

    public void remove(InfoHash infoHash) {
        ScheduledFuture<?> f = torrents.remove(infoHash);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void announce(InfoHash infoHash, Consumer<InetSocketAddress> onPeer, Duration retry) {
        node.announce(infoHash, port, onPeer).whenComplete((found, error) -> {
            boolean nobody = error != null || found.peers().isEmpty();
            if (error != null) {
                LOG.debug("dht: lookup of {} failed: {}", infoHash, error.toString());
            } else {
                LOG.debug("dht: {} peers for {}, announced to {} nodes in {} ms", found.peers().size(), infoHash,
                        found.announcedTo(), found.took().toMillis());
            }
            Duration next = nobody && retry.compareTo(interval) < 0 ? retry : interval;
            torrents.computeIfPresent(infoHash, (ih, previous) -> timer.isShutdown() ? previous
                    : timer.schedule(() -> announce(ih, onPeer, retry.multipliedBy(2)), next.toNanos(),
                            TimeUnit.NANOSECONDS));
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        torrents.clear();
    }
}
