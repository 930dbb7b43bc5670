package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The k-bucket routing table of BEP 5, as one bucket per shared-prefix length with our id (bucket i holds the
 * nodes whose ids share exactly i leading bits with ours). This is the same table as splitting the bucket that
 * holds our own id, laid out flat; it holds at most 160 * K nodes and as many replacements. Owned by the DHT's
 * event loop.
 */
final class RoutingTable {

    private final NodeId self;
    private final int k;
    private final Bucket[] buckets = new Bucket[NodeId.BITS];

    RoutingTable(NodeId self, int k, long now) {
        this.self = self;
        this.k = k;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket(k, now);
        }
    }

    NodeId self() {
        return self;
    }

    private Bucket bucket(NodeId id) {
        return buckets[self.commonPrefix(id)];
    }

    /**
     * {@code c} answered one of our queries. Returns a questionable node to ping when {@code c} had to wait in a
     * replacement cache, else null. A known id at a new address keeps its old address: a node cannot be moved by
     * whoever claims its id.
     */
    Bucket.Entry replied(Contact c, long now) {
        if (c.id().equals(self)) {
            return null;
        }
        Bucket b = bucket(c.id());
        Bucket.Entry known = b.find(c.id());
        if (known != null) {
            if (known.contact.address().equals(c.address())) {
                known.repliedNanos = now;
                known.failures = 0;
                b.touched(now);
            }
            return null;
        }
        return b.offer(c, now);
    }

    /** {@code c} sent us a query. */
    void queried(Contact c, long now) {
        Bucket.Entry e = find(c);
        if (e != null) {
            e.queriedNanos = now;
        }
    }

    /** A query to {@code address} went unanswered (we may not know which id answers there). */
    void failed(InetSocketAddress address, long now) {
        for (Bucket b : buckets) {
            for (Bucket.Entry e : b.entries()) {
                if (e.contact.address().equals(address)) {
                    b.failed(e, now);
                    return;
                }
            }
        }
    }

    /** The entry for {@code c}'s id if it is at {@code c}'s address. */
    Bucket.Entry find(Contact c) {
        if (c.id().equals(self)) {
            return null;
        }
        Bucket.Entry e = bucket(c.id()).find(c.id());
        return e != null && e.contact.address().equals(c.address()) ? e : null;
    }

    /** Would {@code id} get a place now, without waiting in a replacement cache? */
    boolean hasRoomFor(NodeId id, long now) {
        if (id.equals(self)) {
            return false;
        }
        Bucket b = bucket(id);
        return b.find(id) == null && (b.entries().size() < k || b.entries().stream().anyMatch(Bucket.Entry::bad));
    }

    /** The {@code n} nodes closest to {@code target} that are not bad. */
    List<Contact> closest(NodeId target, int n) {
        List<Contact> all = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Bucket.Entry e : b.entries()) {
                if (!e.bad()) {
                    all.add(e.contact);
                }
            }
        }
        all.sort(Comparator.comparing(Contact::id, target::compareDistance));
        return all.size() > n ? new ArrayList<>(all.subList(0, n)) : all;
    }

    /** Nodes not heard from for {@link Bucket#GOOD_FOR}, to ping. */
    List<Contact> questionable(long now) {
        List<Contact> out = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Bucket.Entry e : b.entries()) {
                if (!e.good(now) && !e.bad()) {
                    out.add(e.contact);
                }
            }
        }
        return out;
    }

    /**
     * Random targets in the buckets that have not changed for {@code staleNanos}: one per bucket from the widest
     * down to one past the deepest bucket that holds a node (deeper ones are empty in any network).
     */
    List<NodeId> refreshTargets(long now, long staleNanos, java.util.Random random) {
        int deepest = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (!buckets[i].entries().isEmpty()) {
                deepest = i;
            }
        }
        List<NodeId> out = new ArrayList<>();
        for (int i = 0; i <= Math.min(deepest + 1, buckets.length - 1); i++) {
            if (now - buckets[i].changedNanos() >= staleNanos) {
                out.add(self.randomWithPrefix(i, random));
                buckets[i].touched(now);
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (Bucket b : buckets) {
            n += b.entries().size();
        }
        return n;
    }

    int replacementCount() {
        int n = 0;
        for (Bucket b : buckets) {
            n += b.replacementCount();
        }
        return n;
    }

    /** Every node in the table, for saving. */
    List<Contact> contacts() {
        return closest(self, Integer.MAX_VALUE);
    }
}
