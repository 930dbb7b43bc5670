package org.yamtorrent.engine.rate;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket of bytes: {@code rate} bytes a second flow in, up to a quarter second's worth; a transfer takes
 * what it moved, and may take more than is there, leaving the bucket in debt until the flow has paid it back. So a
 * whole block or socket read is never split, and over time no more than the rate passes. The tokens are counted
 * from the clock when asked, so nothing refills the bucket in the background. A rate of 0 is unlimited: nothing is
 * counted and nobody waits.
 * <p>
 * Thread-safe: several event loops and disk threads share one bucket (the session's); each call holds the bucket's
 * own lock for a few arithmetic operations.
 */
public final class TokenBucket {

    /** The shortest wait once in debt, so a bucket a few bytes short does not wake its reader again at once. */
    static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier clock;
    private volatile long rate;
    private double tokens;
    private long lastNanos;

    /** @param bytesPerSecond the rate, 0 for unlimited */
    public TokenBucket(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    TokenBucket(long bytesPerSecond, LongSupplier clock) {
        this.clock = clock;
        this.lastNanos = clock.getAsLong();
        rate(bytesPerSecond);
    }

    /** The rate in bytes per second; 0 is unlimited. */
    public long rate() {
        return rate;
    }

    /** Changes the rate, e.g. while torrents run; the bucket starts full at the new rate. */
    public synchronized void rate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate " + bytesPerSecond + " bytes/s is negative; 0 is unlimited");
        }
        rate = bytesPerSecond;
        tokens = burst(bytesPerSecond);
        lastNanos = clock.getAsLong();
    }

    public boolean isLimited() {
        return rate > 0;
    }

    /** Counts {@code bytes} moved; the bucket may go into debt. */
    public void take(long bytes) {
        if (rate == 0) {
            return;
        }
        synchronized (this) {
            refill();
            tokens -= bytes;
        }
    }

    /** How long until the bucket is out of debt: 0 when a transfer may go on now, else at least 1 ms. */
    public long waitNanos() {
        if (rate == 0) {
            return 0;
        }
        synchronized (this) {
            refill();
            if (tokens >= 0) {
                return 0;
            }
            return Math.max(MIN_WAIT_NANOS, (long) Math.ceil(-tokens / rate * NANOS_PER_SECOND));
        }
    }

    private void refill() {
        long now = clock.getAsLong();
        long r = rate;
        if (r > 0) {
            tokens = Math.min(burst(r), tokens + (now - lastNanos) * (r / NANOS_PER_SECOND));
        }
        lastNanos = now;
    }

    /** A quarter second of the rate: enough for a socket read or an upload batch at any useful rate. */
    private static double burst(long bytesPerSecond) {
        return bytesPerSecond / 4.0;
    }
}
