package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;

/**
 * The outcome of a get_peers lookup: the peers found, how many nodes were asked, how many of the closest took our
 * announce_peer (0 when we did not announce), and how long it took.
 */
public record PeerSearch(Set<InetSocketAddress> peers, int nodesAsked, int announcedTo, Duration took) {
}
