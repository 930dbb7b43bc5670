package org.yamtorrent.engine.tracker;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A tracker's successful answer to an announce (BEP 3, 7, 15, 23). Immutable.
 *
 * @param interval       seconds until the next regular announce
 * @param minInterval    seconds the tracker wants between any two announces, or 0 when it named none
 * @param trackerId      the {@code tracker id} to send back in later announces, or null
 * @param warningMessage a message to show the user, or null
 * @param complete       seeders in the swarm, or -1 when not reported
 * @param incomplete     leechers in the swarm, or -1 when not reported
 * @param peers          IPv4 and IPv6 peers, resolved addresses, without duplicates
 */
public record AnnounceResponse(int interval, int minInterval, String trackerId, String warningMessage,
                               int complete, int incomplete, List<InetSocketAddress> peers) {

    public AnnounceResponse {
        if (interval < 0 || minInterval < 0) {
            throw new IllegalArgumentException("intervals must not be negative");
        }
        peers = List.copyOf(Objects.requireNonNull(peers, "peers"));
    }
}
