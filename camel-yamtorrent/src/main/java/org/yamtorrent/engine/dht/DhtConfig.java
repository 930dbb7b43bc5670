package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.yamtorrent.engine.metainfo.PeerAddress;

/**
 * How a DHT node runs.
 *
 * @param bind               the UDP address to bind; its family is the node's (BEP 32: an IPv6 node keeps IPv6
 *                           nodes and sends {@code nodes6})
 * @param bootstrap          {@code host:port} nodes to start from when the saved table is empty or stale;
 *                           {@link #DEFAULT_BOOTSTRAP} for the public DHT
 * @param stateFile          where the routing table is saved at stop and read at start; null keeps nothing
 * @param readOnly           BEP 43: we ask but never answer, and tell others so with {@code ro=1}
 * @param alpha              queries in flight per lookup (3 to 8)
 * @param queryTimeout       how long a query waits for its answer
 * @param maxInfoHashes      info-hashes whose announced peers we keep
 * @param maxPeersPerHash    peers kept per info-hash
 * @param queriesPerSecond   queries answered per second from one IP (and twice as many in a burst)
 * @param maintenance        how often buckets are refreshed, questionable nodes pinged, the table saved
 */
public record DhtConfig(InetSocketAddress bind, List<String> bootstrap, Path stateFile, boolean readOnly, int alpha,
                        Duration queryTimeout, int maxInfoHashes, int maxPeersPerHash, double queriesPerSecond,
                        Duration maintenance) {

    /** The well-known routers of the public DHT. */
    public static final List<String> DEFAULT_BOOTSTRAP = List.of("router.bittorrent.com:6881",
            "dht.transmissionbt.com:6881", "router.utorrent.com:6881");

    public DhtConfig {
        bootstrap = List.copyOf(bootstrap);
        if (alpha < 3 || alpha > 8) {
            throw new IllegalArgumentException("dht: alpha " + alpha + " is not in 3..8");
        }
        if (queryTimeout.isNegative() || queryTimeout.isZero() || maintenance.isNegative() || maintenance.isZero()) {
            throw new IllegalArgumentException("dht: timeouts must be positive");
        }
        if (maxInfoHashes < 1 || maxPeersPerHash < 1 || queriesPerSecond <= 0) {
            throw new IllegalArgumentException("dht: caps must be positive");
        }
        for (String node : bootstrap) {
            hostPort(node);
        }
    }

    /** A node on {@code bind} that starts from {@code bootstrap}, with the usual timings and caps. */
    public static DhtConfig of(InetSocketAddress bind, List<String> bootstrap, Path stateFile) {
        return new DhtConfig(bind, bootstrap, stateFile, false, 4, Duration.ofSeconds(4), 5000, 200, 20,
                Duration.ofMinutes(1));
    }

    public DhtConfig withReadOnly(boolean on) {
        return new DhtConfig(bind, bootstrap, stateFile, on, alpha, queryTimeout, maxInfoHashes, maxPeersPerHash,
                queriesPerSecond, maintenance);
    }

    public DhtConfig withQueryTimeout(Duration timeout) {
        return new DhtConfig(bind, bootstrap, stateFile, readOnly, alpha, timeout, maxInfoHashes, maxPeersPerHash,
                queriesPerSecond, maintenance);
    }

    public DhtConfig withCaps(int infoHashes, int peersPerHash, double perSecond) {
        return new DhtConfig(bind, bootstrap, stateFile, readOnly, alpha, queryTimeout, infoHashes, peersPerHash,
                perSecond, maintenance);
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port} without resolving the host.
     *
     * @throws IllegalArgumentException naming the entry
     */
    public static InetSocketAddress hostPort(String node) {
        try {
            return PeerAddress.parse(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dht bootstrap node " + e.getMessage(), e);
        }
    }
}
