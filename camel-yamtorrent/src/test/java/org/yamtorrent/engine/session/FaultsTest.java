package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.storage.StorageException;

/**
 * Faults around a download, each ending bit-exact or with a clear error, and nothing reported complete that is not:
 * a seeder whose every connection is reset after 1 MiB, and a resume directory that cannot be written.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultsTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aSeederThatResetsEveryConnectionAfterOneMibIsStillDownloadedBitExact() throws Exception {
        Path seed = tmp.resolve("seed");
        Swarms.writeRandomFile(seed.resolve("reset.bin"), 3L * MIB + 77, 5);
        Metainfo m = Swarms.createTorrent(seed.resolve("reset.bin"), "http://127.0.0.1:1/announce", 64 * 1024,
                tmp.resolve("reset.torrent"));
        try (Session seeder = Session.open(Swarms.config(null)); Session leecher = Session.open(Swarms.config(null));
             ResettingProxy proxy = new ResettingProxy(Swarms.local(seeder), MIB)) {
            seeder.add(m, seed, new TorrentOptions().seedForever().useTrackers(false)).completion().get(30, TimeUnit.SECONDS);
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"),
                    new TorrentOptions().useTrackers(false).addStaticPeer(proxy.address()));
            t.completion().get(150, TimeUnit.SECONDS);
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
            assertTrue(proxy.resets.get() >= 3, "the proxy reset " + proxy.resets.get() + " connections");
            System.out.printf("a seeder resetting every connection after 1 MiB: %d connections reset, download complete"
                    + " and bit-exact%n", proxy.resets.get());
        }
    }

    @Test
    void aReadOnlyResumeDirectoryIsAClearErrorOrNoneButNeverAFalseCompletion() throws Exception {
        Path resume = Files.createDirectories(tmp.resolve("resume"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", resume.toString()) == 0,
                "cannot mount a read-only tmpfs here (needs root); skipping");
        try {
            Path seed = tmp.resolve("seed");
            Swarms.writeRandomFile(seed.resolve("ro.bin"), 2L * MIB + 3, 6);
            Metainfo m = Swarms.createTorrent(seed.resolve("ro.bin"), "http://127.0.0.1:1/announce", 64 * 1024,
                    tmp.resolve("ro.torrent"));
            try (Session seeder = Session.open(Swarms.config(null)); Session leecher = Session.open(Swarms.config(resume))) {
                seeder.add(m, seed, new TorrentOptions().seedForever().useTrackers(false)).completion().get(30, TimeUnit.SECONDS);
                TorrentHandle t = leecher.add(m, tmp.resolve("leech"),
                        new TorrentOptions().useTrackers(false).addStaticPeer(Swarms.local(seeder)));
                try {
                    t.completion().get(90, TimeUnit.SECONDS);
                    // complete: then every piece is on disk and verified
                    Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
                    assertEquals(m.pieceCount(), t.progress().verifiedPieces());
                    System.out.println("a read-only resume directory: the download completed bit-exact without a record");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    assertTrue(cause instanceof StorageException && cause.getMessage().contains(resume.toString()),
                            "a clear error naming the resume directory: " + cause);
                    assertTrue(t.progress().verifiedPieces() < m.pieceCount() || Files.exists(tmp.resolve("leech/ro.bin")));
                    System.out.println("a read-only resume directory: " + cause.getMessage());
                }
            }
        } finally {
            run("umount", "-l", resume.toString());
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /**
     * A TCP proxy in front of a peer that resets (RST, by closing with a zero linger) each connection once it has
     * passed {@code limit} bytes from the peer.
     */
    private static final class ResettingProxy implements AutoCloseable {
        final AtomicInteger resets = new AtomicInteger();
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        ResettingProxy(InetSocketAddress target, long limit) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.submit(() -> {
                while (!server.isClosed()) {
                    Socket client = server.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort());
                    threads.submit(() -> pump(client.getInputStream(), upstream.getOutputStream(), Long.MAX_VALUE, client, upstream));
                    threads.submit(() -> pump(upstream.getInputStream(), client.getOutputStream(), limit, client, upstream));
                }
                return null;
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        private Void pump(InputStream in, OutputStream out, long limit, Socket client, Socket upstream) throws IOException {
            byte[] buf = new byte[16 * 1024];
            long passed = 0;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    int allowed = (int) Math.min(n, limit - passed);
                    out.write(buf, 0, allowed);
                    passed += allowed;
                    if (passed >= limit) {
                        resets.incrementAndGet();
                        client.setSoLinger(true, 0);
                        break;
                    }
                }
            } catch (IOException closed) {
                // the other direction ended the connection
            } finally {
                client.close();
                upstream.close();
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
