package org.yamtorrent.engine.webseed;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One web seed of a torrent: its URL, what it delivered, and its back-off. The counters are guarded by the owning
 * {@link WebSeeds}' lock; the drop flag and the byte count may be read and set from any thread. The picker knows it
 * as a sender of blocks, just like a peer, so a piece it got wrong is blamed on it.
 */
public final class WebSeed {

    private final SeedUrl url;
    private final AtomicLong downloaded = new AtomicLong();
    private volatile String dropped;
    private volatile String lastError;
    /** Fetches under way; at most {@link WebSeeds#PARALLEL}. */
    int inflight;
    /** Consecutive failed fetches; reset by a good one. */
    int failures;
    /** No new fetch before this ({@link System#nanoTime()}). */
    long retryAtNanos;

    WebSeed(SeedUrl url) {
        this.url = url;
    }

    public String url() {
        return url.url();
    }

    SeedUrl seedUrl() {
        return url;
    }

    /** Payload bytes it delivered (whether or not they verified). */
    public long downloaded() {
        return downloaded.get();
    }

    void delivered(long bytes) {
        downloaded.addAndGet(bytes);
    }

    /** Stops using this seed for the rest of the run: it served data that failed verification, or was banned. */
    public void drop(String why) {
        dropped = why;
    }

    public boolean isDropped() {
        return dropped != null;
    }

    /** Why it was dropped, or null while it is used. */
    public String droppedBecause() {
        return dropped;
    }

    /** The last failed request's reason, or null. */
    public String lastError() {
        return lastError;
    }

    void failed(String why) {
        lastError = why;
    }

    @Override
    public String toString() {
        return "web seed " + url.url();
    }
}
