package org.yamtorrent.engine.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Waits while a closing session's torrents stop: each one's store closes on the disk threads (the records of all
 * torrents are written in parallel there) and its {@code stopped} announce goes out. One bound for them all would
 * cut a thousand torrents short on a slow disk; so the wait gives up only once no torrent has finished for
 * {@code quiet}, which still keeps a hung disk from holding the close for ever.
 */
final class CloseWait {

    private CloseWait() {
    }

    /** Waits as described; returns how many torrents had not finished when it gave up (0 when all did). */
    static int await(List<CompletableFuture<Void>> stops, Duration quiet) {
        Semaphore finished = new Semaphore(0);
        // released on whatever thread finishes the stop, never under an engine lock (see the futures' makers)
        stops.forEach(f -> f.whenComplete((x, e) -> finished.release()));
        int left = stops.size();
        try {
            while (left > 0 && finished.tryAcquire(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
                left -= 1 + finished.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return left;
    }
}
