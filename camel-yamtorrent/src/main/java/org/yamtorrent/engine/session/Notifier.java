package org.yamtorrent.engine.session;

import java.util.ArrayDeque;
import java.util.Queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a torrent's listener calls and completion-future completions in the order they were posted, never under an
 * engine lock: an event is posted under the lock that decided it, and run by {@link #drain}, which the poster
 * calls once it holds no lock. Only one thread runs events at a time; one that finds another draining leaves its
 * events to it.
 */
final class Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Queue<Runnable> events = new ArrayDeque<>();
    private boolean draining;

    synchronized void post(Runnable event) {
        events.add(event);
    }

    /** Runs the posted events; the caller must hold no engine lock. */
    void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (draining) {
                    return;
                }
                next = events.poll();
                if (next == null) {
                    return;
                }
                draining = true;
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("a torrent listener failed", e);
            } finally {
                synchronized (this) {
                    draining = false;
                }
            }
        }
    }
}
