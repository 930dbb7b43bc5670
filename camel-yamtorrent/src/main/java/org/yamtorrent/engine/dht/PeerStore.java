package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers other nodes announced to us (announce_peer), to hand out in get_peers replies. Capped twice: at most
 * {@code maxPeers} per info-hash and {@code maxInfoHashes} info-hashes; past a cap the oldest announce goes. A peer
 * is forgotten {@link #PEER_LIFETIME} after its last announce. Owned by the DHT's event loop.
 */
final class PeerStore {

    /** BEP 5 leaves it open; 30 minutes is what the common clients use (they re-announce every 15). */
    static final Duration PEER_LIFETIME = Duration.ofMinutes(30);

    private final int maxInfoHashes;
    private final int maxPeers;
    /** In order of last announce, oldest first, at both levels. */
    private final LinkedHashMap<NodeId, LinkedHashMap<InetSocketAddress, Long>> swarms = new LinkedHashMap<>();

    PeerStore(int maxInfoHashes, int maxPeers) {
        if (maxInfoHashes < 1 || maxPeers < 1) {
            throw new IllegalArgumentException("peer store caps must be positive");
        }
        this.maxInfoHashes = maxInfoHashes;
        this.maxPeers = maxPeers;
    }

    void announce(NodeId infoHash, InetSocketAddress peer, long now) {
        LinkedHashMap<InetSocketAddress, Long> peers = swarms.remove(infoHash);
        if (peers == null) {
            peers = new LinkedHashMap<>();
            if (swarms.size() >= maxInfoHashes) {
                Iterator<NodeId> oldest = swarms.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        swarms.put(infoHash, peers);
        peers.remove(peer);
        peers.put(peer, now);
        if (peers.size() > maxPeers) {
            Iterator<InetSocketAddress> oldest = peers.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Up to {@code max} live peers of one family, the most recently announced first. */
    List<InetSocketAddress> peers(NodeId infoHash, boolean ipv6, int max, long now) {
        LinkedHashMap<InetSocketAddress, Long> peers = swarms.get(infoHash);
        List<InetSocketAddress> out = new ArrayList<>();
        if (peers == null) {
            return out;
        }
        expire(peers, now);
        List<InetSocketAddress> all = new ArrayList<>(peers.keySet());
        for (int i = all.size() - 1; i >= 0 && out.size() < max; i--) {
            if (Compact.isIpv6(all.get(i)) == ipv6) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    /** Drops every expired peer and every info-hash left without one. */
    void expire(long now) {
        swarms.values().removeIf(peers -> {
            expire(peers, now);
            return peers.isEmpty();
        });
    }

    private static void expire(Map<InetSocketAddress, Long> peers, long now) {
        peers.values().removeIf(at -> now - at >= PEER_LIFETIME.toNanos());
    }

    int infoHashCount() {
        return swarms.size();
    }

    int peerCount(NodeId infoHash) {
        Map<InetSocketAddress, Long> peers = swarms.get(infoHash);
        return peers == null ? 0 : peers.size();
    }
}
