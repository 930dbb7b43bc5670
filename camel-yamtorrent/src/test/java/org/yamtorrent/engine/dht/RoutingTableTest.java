package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** K-buckets: at most K, questionable nodes are pinged, bad ones give way, and a claimed id cannot move. */
class RoutingTableTest {

    private final Random random = new Random(5);
    private final NodeId self = NodeId.random(random);
    private long now = 1_000_000_000L;

    private Contact far(int port) {
        // shares no leading bit with self: all go into bucket 0
        return new Contact(self.randomWithPrefix(0, random), new InetSocketAddress("10.0.0.1", port));
    }

    @Test
    void aBucketHoldsKAndThenPingsItsStalestQuestionableNode() {
        RoutingTable table = new RoutingTable(self, 8, now);
        for (int i = 0; i < 8; i++) {
            assertNull(table.replied(far(1000 + i), now + i));
        }
        assertEquals(8, table.size());
        Contact extra = far(2000);
        assertNull(table.replied(extra, now + 10), "all 8 are good: nothing to ping");
        assertEquals(8, table.size());
        assertEquals(1, table.replacementCount());

        now += Bucket.GOOD_FOR.toNanos() + 100;
        Bucket.Entry stalest = table.replied(far(2001), now);
        assertNotNull(stalest);
        assertEquals(1000, stalest.contact.address().getPort());
        table.failed(stalest.contact.address(), now);
        table.failed(stalest.contact.address(), now);
        assertEquals(8, table.size());
        assertNull(table.find(stalest.contact), "a node that failed twice gives its place to a replacement");
        assertTrue(table.closest(self, 8).stream().anyMatch(c -> c.address().getPort() == 2001));
    }

    @Test
    void aKnownIdAtAnotherAddressKeepsItsAddress() {
        RoutingTable table = new RoutingTable(self, 8, now);
        Contact c = far(1000);
        table.replied(c, now);
        table.replied(new Contact(c.id(), new InetSocketAddress("10.6.6.6", 1000)), now);
        assertEquals(List.of(c), table.closest(c.id(), 8));
    }

    @Test
    void closestIsOrderedByDistanceAndSkipsBadNodes() {
        RoutingTable table = new RoutingTable(self, 8, now);
        for (int prefix = 0; prefix < 40; prefix++) {
            table.replied(new Contact(self.randomWithPrefix(prefix, random), new InetSocketAddress("10.0.0.2", 100 + prefix)), now);
        }
        assertEquals(40, table.size());
        List<Contact> closest = table.closest(self, 8);
        for (int i = 1; i < closest.size(); i++) {
            assertTrue(self.compareDistance(closest.get(i - 1).id(), closest.get(i).id()) < 0);
        }
        Contact nearest = closest.get(0);
        table.failed(nearest.address(), now);
        table.failed(nearest.address(), now);
        assertFalse(table.closest(self, 8).contains(nearest));
        assertFalse(table.hasRoomFor(self, now));
    }

    @Test
    void staleBucketsAskForARefreshInsideTheirRange() {
        RoutingTable table = new RoutingTable(self, 8, now);
        table.replied(new Contact(self.randomWithPrefix(3, random), new InetSocketAddress("10.0.0.3", 1)), now);
        List<NodeId> targets = table.refreshTargets(now + Bucket.GOOD_FOR.toNanos(), Bucket.GOOD_FOR.toNanos(), random);
        assertEquals(5, targets.size(), "buckets 0..3 and 4, one past the deepest that holds a node");
        for (int i = 0; i < targets.size(); i++) {
            assertTrue(self.commonPrefix(targets.get(i)) <= 4);
        }
        assertTrue(table.refreshTargets(now + Bucket.GOOD_FOR.toNanos(), Bucket.GOOD_FOR.toNanos(), random).isEmpty());
    }
}
