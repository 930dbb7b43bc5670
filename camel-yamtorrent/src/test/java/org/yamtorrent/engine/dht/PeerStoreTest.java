package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Announced peers: capped per info-hash and in info-hashes, by family, and forgotten after their lifetime. */
class PeerStoreTest {

    private final Random random = new Random(3);

    @Test
    void capsPeersAndInfoHashesKeepingTheNewest() {
        PeerStore store = new PeerStore(10, 5);
        NodeId first = NodeId.random(random);
        for (int i = 0; i < 100; i++) {
            store.announce(first, new InetSocketAddress("10.0.0.1", 1000 + i), 0);
        }
        assertEquals(5, store.peerCount(first));
        List<InetSocketAddress> peers = store.peers(first, false, 50, 1);
        assertEquals(new InetSocketAddress("10.0.0.1", 1099), peers.get(0));
        for (int i = 0; i < 100; i++) {
            store.announce(NodeId.random(random), new InetSocketAddress("10.0.0.2", 1), 0);
        }
        assertEquals(10, store.infoHashCount());
        assertEquals(0, store.peerCount(first), "the oldest info-hash went first");
    }

    @Test
    void answersByFamilyAndExpires() {
        PeerStore store = new PeerStore(10, 10);
        NodeId ih = NodeId.random(random);
        store.announce(ih, new InetSocketAddress("10.0.0.1", 1), 0);
        store.announce(ih, new InetSocketAddress("::1", 2), 0);
        assertEquals(List.of(new InetSocketAddress("::1", 2)), store.peers(ih, true, 50, 1));
        assertEquals(1, store.peers(ih, false, 50, 1).size());
        store.expire(PeerStore.PEER_LIFETIME.toNanos());
        assertEquals(0, store.infoHashCount());
        assertTrue(store.peers(ih, false, 50, 1).isEmpty());
    }
}
