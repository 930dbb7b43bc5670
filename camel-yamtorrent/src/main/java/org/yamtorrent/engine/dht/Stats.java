package org.yamtorrent.engine.dht;

/**
 * Counters of one DHT node, written only by its event loop and readable from any thread (a reading may be a
 * moment old).
 */
public final class Stats {

    volatile long datagramsReceived;
    volatile long malformed;
    /** Responses and errors that matched no query of ours (wrong transaction id or address). */
    volatile long unexpected;
    volatile long queriesSent;
    volatile long timeouts;
    volatile long bytesSent;
    volatile long queriesAnswered;
    /** Queries dropped by the per-address rate limit. */
    volatile long rateLimited;
    /** Replies cut (or not sent) because the asker has not proved it receives our packets. */
    volatile long trimmed;
    volatile int nodes;

    public long datagramsReceived() {
        return datagramsReceived;
    }

    public long malformed() {
        return malformed;
    }

    public long unexpected() {
        return unexpected;
    }

    public long queriesSent() {
        return queriesSent;
    }

    public long timeouts() {
        return timeouts;
    }

    public long bytesSent() {
        return bytesSent;
    }

    public long queriesAnswered() {
        return queriesAnswered;
    }

    public long rateLimited() {
        return rateLimited;
    }

    public long trimmed() {
        return trimmed;
    }

    /** Nodes in the routing table. */
    public int nodes() {
        return nodes;
    }

    @Override
    public String toString() {
        return "nodes=" + nodes + " received=" + datagramsReceived + " malformed=" + malformed + " unexpected="
                + unexpected + " sent=" + queriesSent + " timeouts=" + timeouts + " answered=" + queriesAnswered
                + " rateLimited=" + rateLimited + " trimmed=" + trimmed;
    }
}
