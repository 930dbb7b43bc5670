package org.yamtorrent.engine.session;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.tracker.TrackerClient;
import org.yamtorrent.engine.wire.Encryption;
import org.yamtorrent.engine.wire.MseHandler;

/**
 * Once per JVM (what it warms is the JVM's), on a low-priority thread of its own, the first use of what a torrent's first second needs: the
 * tracker's HTTP client, the MSE key exchange and a pooled block buffer. Each costs a few hundred milliseconds the
 * first time in a JVM (class initialisation, SecureRandom seeding, the interpreter); measured from a dropped .torrent
 * to its first byte on disk, they made the first drop after start 2 s against 0.6 s for the third on a busy machine.
 */
final class Warmup {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private Warmup() {
    }

    static void start(ByteBufAllocator allocator, Encryption encryption, TrackerClient trackers) {
        if (STARTED.getAndSet(true)) {
            return;
        }
        Thread t = new Thread(() -> run(allocator, encryption, trackers), "yamtorrent-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(ByteBufAllocator allocator, Encryption encryption, TrackerClient trackers) {
        long start = System.nanoTime();
        try {
            allocator.directBuffer(Block.SIZE).release();
            if (encryption != Encryption.DISABLE) {
                MseHandler.warmUp();
            }
            trackers.warmUp();
            LOG.debug("warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.debug("warm-up failed; the first torrent pays for it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
