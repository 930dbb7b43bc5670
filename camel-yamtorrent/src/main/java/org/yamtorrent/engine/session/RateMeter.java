package org.yamtorrent.engine.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes per second, smoothed. Any thread may {@link #add}; one timer thread calls {@link #tick} once a second.
 * An exponential average reacts in a few seconds yet does not jump with every burst, which is what the choker
 * and the request pipeline need.
 */
public final class RateMeter {

    private static final double WEIGHT = 0.4;

    private final AtomicLong total = new AtomicLong();
    private long lastTotal;
    private long lastNanos = System.nanoTime();
    private volatile double rate;

    public void add(long bytes) {
        total.addAndGet(bytes);
    }

    public long total() {
        return total.get();
    }

    /** Bytes per second over the last few seconds. */
    public double rate() {
        return rate;
    }

    public synchronized void tick() {
        long now = System.nanoTime();
        long t = total.get();
        double seconds = (now - lastNanos) / 1e9;
        if (seconds <= 0.05) {
            return;
        }
        double instant = (t - lastTotal) / seconds;
        rate = rate == 0 ? instant : rate + WEIGHT * (instant - rate);
        lastTotal = t;
        lastNanos = now;
    }
}
