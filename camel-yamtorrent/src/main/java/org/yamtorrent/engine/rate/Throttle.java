package org.yamtorrent.engine.rate;

/**
 * The buckets one direction of one torrent's payload draws from: the torrent's own and the session's. Every byte
 * moved is taken from each, and a transfer waits while any of them is in debt, so the tighter limit wins. Thread-safe
 * as its buckets are.
 */
public final class Throttle {

    private final TokenBucket[] buckets;

    public Throttle(TokenBucket... buckets) {
        this.buckets = buckets.clone();
    }

    /** Counts {@code bytes} of payload moved against every bucket. */
    public void take(long bytes) {
        for (TokenBucket b : buckets) {
            b.take(bytes);
        }
    }

    /** How long until every bucket is out of debt; 0 when the payload may move now. */
    public long waitNanos() {
        long wait = 0;
        for (TokenBucket b : buckets) {
            wait = Math.max(wait, b.waitNanos());
        }
        return wait;
    }
}
