package org.yamtorrent.camel;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/** The component-wide limit on torrents downloading at once; jobs beyond it wait in arrival order. */
final class DownloadSlots {

    private final int max;
    private int used;
    private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();

    DownloadSlots(int max) {
        this.max = Math.max(1, max);
    }

    /** Takes a slot if one is free now. */
    synchronized boolean tryAcquire() {
        if (used < max && waiting.isEmpty()) {
            used++;
            return true;
        }
        return false;
    }

    /** Completes when a slot is ours; every completed acquire must be followed by one {@link #release}. */
    synchronized CompletableFuture<Void> acquire() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (used < max) {
            used++;
            f.complete(null);
        } else {
            waiting.add(f);
        }
        return f;
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                used--;
                return;
            }
        }
        // the slot passes straight to the next job; completed outside the lock since it runs the job's stages
        next.complete(null);
    }
}
