package org.yamtorrent.engine.session;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on a shared pool: a torrent's disk work stays ordered (writes before the
 * hash that reads them back) without a thread per torrent.
 */
final class SerialExecutor implements Executor {

    private final Executor pool;
    private final Runnable idle;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this(pool, () -> { });
    }

    /** @param idle runs each time the queue has run empty, before the pool thread leaves; in order like a task */
    SerialExecutor(Executor pool, Runnable idle) {
        this.pool = pool;
        this.idle = idle;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
        start();
    }

    /**
     * Queues a task without starting the pool on it: the caller batches, and calls {@link #start} at the end of
     * the batch, so one pool hand-off (a thread wake-up) carries many tasks.
     */
    synchronized void queue(Runnable task) {
        tasks.add(task);
    }

    /** Runs what {@link #queue} left, unless it is already running. */
    synchronized void start() {
        if (!running && !tasks.isEmpty()) {
            running = true;
            pool.execute(this::drain);
        }
    }

    private void drain() {
        boolean ranAny = false;
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null && !ranAny) {
                    running = false;
                    return;
                }
            }
            ranAny = next != null;
            run(next == null ? idle : next);
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A task reports its own failures; one that escapes must not stop the queue.
            org.slf4j.LoggerFactory.getLogger(SerialExecutor.class).warn("disk task failed", e);
        }
    }
}
