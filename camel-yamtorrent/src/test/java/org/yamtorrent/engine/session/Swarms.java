package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/** Test helpers for swarms: sessions on 127.0.0.1 with ephemeral ports and fast timers, payloads on disk. */
final class Swarms {

    private Swarms() {
    }

    static SessionConfig config(Path resume) {
        return new SessionConfig()
                .listenPort(0)
                .resumeDirectory(resume)
                .minAnnounceInterval(Duration.ofSeconds(1))
                .chokeInterval(Duration.ofSeconds(2))
                .snubTimeout(Duration.ofSeconds(5));
    }

    static InetSocketAddress local(Session s) {
        return local(s.listenPort());
    }

    static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Writes {@code files} (paths below the torrent name) as the torrent lays them out under {@code dir}. */
    static void writePayload(Metainfo m, Map<String, byte[]> files, Path dir) throws IOException {
        int i = 0;
        for (byte[] data : files.values()) {
            FileEntry f = m.files().get(i++);
            if (f.isPadding()) {
                continue;
            }
            Path p = dir.resolve(f.relativePath());
            Files.createDirectories(p.getParent());
            Files.write(p, data);
        }
    }

    /** Writes {@code size} deterministic pseudo-random bytes to {@code file}, a MiB at a time. */
    static void writeRandomFile(Path file, long size, long seed) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    /** Makes a torrent of {@code source} with TorrentCreator, writes it to {@code torrentFile} and reads it back. */
    static Metainfo createTorrent(Path source, String announce, int pieceLength, Path torrentFile) throws IOException {
        TorrentCreator.Result r = TorrentCreator.of(source).pieceLength(pieceLength).announce(announce).create();
        Files.write(torrentFile, r.bytes());
        Metainfo m = MetainfoReader.read(r.bytes());
        assertEquals(r.infoHash(), m.infoHash());
        return m;
    }

    /**
     * Asserts that every file of the torrent under {@code actual} equals the one under {@code expected}, bit for
     * bit; with {@code emptyFiles} false, zero-length files may be missing (Transmission does not create them).
     */
    static void assertSamePayload(Metainfo m, Path expected, Path actual, boolean emptyFiles) throws IOException {
        for (FileEntry f : m.files()) {
            if (f.isPadding() || f.length() == 0 && !emptyFiles) {
                continue;
            }
            Path want = expected.resolve(f.relativePath());
            Path got = actual.resolve(f.relativePath());
            assertTrue(Files.isRegularFile(got), got + " exists");
            assertEquals(f.length(), Files.size(got), "size of " + got);
            assertEquals(-1L, Files.mismatch(want, got), got + " equals " + want);
        }
    }

    static void waitFor(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Polls until {@code done} holds. Meanwhile, while {@code ours} has no peer, it announces again once a second,
     * since a tracker like opentracker (half-hour interval) tells a peer of those that came later only then. Fails
     * with the programs' logs when one of {@code mustLive} exits first or time runs out.
     */
    static void awaitAnnouncing(TorrentHandle ours, BooleanSupplier done, Duration timeout, String what,
            ExternalProgram... mustLive) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long nextAnnounce = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!done.getAsBoolean()) {
            for (ExternalProgram p : mustLive) {
                if (!p.isAlive()) {
                    throw new AssertionError(p + " exited with " + p.exitValue() + " before " + what + "; log: "
                            + p.log());
                }
            }
            if (System.nanoTime() > end) {
                StringBuilder logs = new StringBuilder();
                for (ExternalProgram p : mustLive) {
                    logs.append("\n").append(p).append(" log: ").append(p.log());
                }
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; our torrent: "
                        + ours.state() + " " + ours.progress() + logs);
            }
            if (System.nanoTime() > nextAnnounce) {
                nextAnnounce = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                if (ours.progress().peers() == 0) {
                    ours.announceNow(false);
                }
            }
            Thread.sleep(200);
        }
    }

    /** Closes sessions, ignoring nulls; a session's close never throws. */
    static void closeAll(Iterable<Session> sessions) {
        for (Session s : sessions) {
            if (s != null) {
                s.close();
            }
        }
    }

}
