package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.InfoHash;

/** Two announcers on a small network find each other's port for a public torrent, and say nothing for a private one. */
class DhtAnnouncerTest {

    @Test
    @Timeout(60)
    void announcersOfOneTorrentFindEachOtherAndPrivateTorrentsStayOff() throws Exception {
        byte[] raw = new byte[20];
        new Random(8).nextBytes(raw);
        InfoHash publicOne = InfoHash.of(raw);
        raw[0]++;
        InfoHash privateOne = InfoHash.of(raw);
        try (DhtNetwork net = new DhtNetwork("127.0.0.1").start(8);
             DhtAnnouncer a = new DhtAnnouncer(net.nodes.get(2), 7101, Duration.ofSeconds(30), Duration.ofMillis(200));
             DhtAnnouncer b = new DhtAnnouncer(net.nodes.get(6), 7102, Duration.ofSeconds(30), Duration.ofMillis(200))) {
            Set<InetSocketAddress> heardByA = ConcurrentHashMap.newKeySet();
            Set<InetSocketAddress> heardByB = ConcurrentHashMap.newKeySet();
            assertTrue(a.add(publicOne, false, heardByA::add));
            assertTrue(b.add(publicOne, false, heardByB::add));
            assertFalse(a.add(privateOne, true, p -> { }));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((heardByA.isEmpty() || heardByB.isEmpty()) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue(heardByA.contains(new InetSocketAddress("127.0.0.1", 7102)), "A heard " + heardByA);
            assertTrue(heardByB.contains(new InetSocketAddress("127.0.0.1", 7101)), "B heard " + heardByB);
            PeerSearch none = net.nodes.get(4).getPeers(privateOne, p -> { }).get(20, TimeUnit.SECONDS);
            assertTrue(none.peers().isEmpty(), "a private torrent reached the DHT: " + none.peers());
        }
    }
}
