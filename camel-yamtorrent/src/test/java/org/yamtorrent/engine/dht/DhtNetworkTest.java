package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.InfoHash;

/** 32 nodes on 127.0.0.1: an announced peer is found by get_peers, and still found once a third have stopped. */
class DhtNetworkTest {

    private static final Logger LOG = LoggerFactory.getLogger(DhtNetworkTest.class);
    private static final int NODES = 32;

    @Test
    @Timeout(120)
    void getPeersFindsTheAnnouncedPeerWhileAThirdOfTheNodesAreGone() throws Exception {
        try (DhtNetwork net = new DhtNetwork("127.0.0.1").start(NODES)) {
            for (DhtNode n : net.nodes) {
                assertTrue(n.nodeCount() > 0, "node " + n.localAddress() + " knows nobody");
            }
            byte[] raw = new byte[20];
            new Random(12).nextBytes(raw);
            InfoHash infoHash = InfoHash.of(raw);
            InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40_001);
            PeerSearch announced = net.nodes.get(3).announce(infoHash, peer.getPort(), p -> { }).get(30, TimeUnit.SECONDS);
            assertTrue(announced.announcedTo() >= 4, "announced to " + announced.announcedTo() + " nodes");

            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < NODES; i += 2) {
                if (i != 3) {
                    PeerSearch found = net.nodes.get(i).getPeers(infoHash, p -> { }).get(30, TimeUnit.SECONDS);
                    assertEquals(java.util.Set.of(peer), found.peers(), "lookup from node " + i);
                    millis.add(found.took().toMillis());
                }
            }
            List<DhtNode> stopped = new ArrayList<>();
            for (int i = 1; i < NODES; i += 3) {
                DhtNode gone = net.nodes.get(i);
                if (i != 3) {
                    gone.close();
                    stopped.add(gone);
                }
            }
            assertTrue(stopped.size() >= NODES / 3 - 1);
            List<Long> degraded = new ArrayList<>();
            for (int i = 0; i < NODES; i += 4) {
                DhtNode n = net.nodes.get(i);
                if (!stopped.contains(n) && i != 3) {
                    PeerSearch found = n.getPeers(infoHash, p -> { }).get(30, TimeUnit.SECONDS);
                    assertTrue(found.peers().contains(peer), "lookup from node " + i + " with a third gone");
                    degraded.add(found.took().toMillis());
                }
            }
            LOG.info("dht lookups over {} nodes: median {} ms, p90 {} ms; with {} stopped: median {} ms, p90 {} ms",
                    NODES, percentile(millis, 50), percentile(millis, 90), stopped.size(), percentile(degraded, 50),
                    percentile(degraded, 90));
        }
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
