package org.yamtorrent.engine.dht;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One k-bucket (BEP 5): at most K nodes, kept while they answer, plus a replacement cache of at most K nodes that
 * answered while the bucket was full. Owned by the DHT's event loop.
 */
final class Bucket {

    /** BEP 5: a node is good if it answered within the last 15 minutes. */
    static final Duration GOOD_FOR = Duration.ofMinutes(15);
    /** Unanswered queries in a row that make a node bad. */
    static final int BAD_AFTER_FAILURES = 2;

    private final int k;
    private final List<Entry> entries = new ArrayList<>();
    private final Deque<Contact> replacements = new ArrayDeque<>();
    private long changedNanos;

    Bucket(int k, long now) {
        this.k = k;
        this.changedNanos = now;
    }

    /** A routing table entry: a contact and how it has behaved. */
    static final class Entry {
        final Contact contact;
        long repliedNanos;
        long queriedNanos;
        int failures;

        Entry(Contact contact, long repliedNanos) {
            this.contact = contact;
            this.repliedNanos = repliedNanos;
            this.queriedNanos = repliedNanos - 2 * GOOD_FOR.toNanos(); // never queried us
        }

        boolean bad() {
            return failures >= BAD_AFTER_FAILURES;
        }

        boolean good(long now) {
            long window = GOOD_FOR.toNanos();
            return !bad() && (now - repliedNanos < window || now - queriedNanos < window && repliedNanos != 0);
        }
    }

    Entry find(NodeId id) {
        for (Entry e : entries) {
            if (e.contact.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    /**
     * Takes {@code c}, which has just answered us: into the bucket if there is room or a bad node to drop, else
     * into the replacement cache. Returns the least recently seen questionable node, which the caller should
     * ping so that it is dropped if it no longer answers, or null.
     */
    Entry offer(Contact c, long now) {
        if (entries.size() < k) {
            add(c, now);
            return null;
        }
        Entry worst = null;
        for (Entry e : entries) {
            if (e.bad()) {
                entries.remove(e);
                add(c, now);
                return null;
            }
            if (!e.good(now) && (worst == null || e.repliedNanos < worst.repliedNanos)) {
                worst = e;
            }
        }
        replacements.removeIf(r -> r.id().equals(c.id()));
        replacements.addFirst(c);
        if (replacements.size() > k) {
            replacements.removeLast();
        }
        return worst;
    }

    /** Counts a query {@code e} did not answer; a bad node gives its place to the newest replacement. */
    void failed(Entry e, long now) {
        e.failures++;
        if (e.bad() && !replacements.isEmpty()) {
            entries.remove(e);
            add(replacements.removeFirst(), now);
        }
    }

    private void add(Contact c, long now) {
        entries.add(new Entry(c, now));
        changedNanos = now;
    }

    void touched(long now) {
        changedNanos = now;
    }

    long changedNanos() {
        return changedNanos;
    }

    List<Entry> entries() {
        return entries;
    }

    int replacementCount() {
        return replacements.size();
    }
}
