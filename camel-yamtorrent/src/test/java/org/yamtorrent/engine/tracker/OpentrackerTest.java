package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.tracker.UdpTrackerClientTest.failure;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.InfoHash;

/** Our HTTP and UDP clients against Debian's opentracker, which is built to serve whitelisted info-hashes only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpentrackerTest {

    private static final String OPENTRACKER = "/usr/bin/opentracker";
    private static final InfoHash LISTED = InfoHash.fromHex("5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed");

    @TempDir
    Path dir;

    /** A port free on 127.0.0.1 for both TCP and UDP, since opentracker serves both on it. */
    private static int freeTcpAndUdpPort() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (java.net.BindException taken) {
                // the UDP side is in use; try another
            }
        }
        throw new AssertionError("no port free for both TCP and UDP");
    }

    @Test
    void httpAndUdpPeersSeeEachOther() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(OPENTRACKER)), OPENTRACKER + " is not installed; skipping");
        // opentracker chroots into -d and may drop to "nobody": the directory and whitelist must be world-readable
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = Files.writeString(dir.resolve("whitelist"), LISTED.hex() + "\n");
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        int port = freeTcpAndUdpPort();
        Path log = dir.resolve("opentracker.log");
        Process p = null;
        HttpTrackerClient http = new HttpTrackerClient(Duration.ofSeconds(5), 1 << 20, 2000);
        try (UdpTrackerClient udp = new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(500), 4)) {
            p = new ProcessBuilder(OPENTRACKER, "-i", "127.0.0.1", "-p", String.valueOf(port), "-P", String.valueOf(port),
                    "-d", dir.toString(), "-w", "whitelist")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            URI httpUrl = URI.create("http://127.0.0.1:" + port + "/announce");
            URI udpUrl = URI.create("udp://127.0.0.1:" + port);

            AnnounceRequest a = Requests.request(LISTED, "-YT0001-httppeer", 6001, AnnounceEvent.STARTED);
            AnnounceResponse first = awaitHttpAnswer(http, httpUrl, a, p, log);
            assertTrue(first.interval() > 0);

            AnnounceRequest b = Requests.request(LISTED, "-YT0001-udppeer", 6002, AnnounceEvent.STARTED);
            AnnounceResponse viaUdp = udp.announce(udpUrl, b).get(20, TimeUnit.SECONDS);
            assertTrue(viaUdp.peers().contains(new InetSocketAddress("127.0.0.1", 6001)), "UDP peer sees the HTTP peer: " + viaUdp);
            assertTrue(viaUdp.complete() + viaUdp.incomplete() >= 2, viaUdp.toString());

            AnnounceResponse again = http.announce(httpUrl, a.withEvent(AnnounceEvent.NONE)).get(20, TimeUnit.SECONDS);
            assertTrue(again.peers().contains(new InetSocketAddress("127.0.0.1", 6002)), "HTTP peer sees the UDP peer: " + again);

            AnnounceRequest unlisted = Requests.request(InfoHash.fromHex("00".repeat(20)), "x", 6003, AnnounceEvent.STARTED);
            String message = failure(http.announce(httpUrl, unlisted)).getMessage();
            assertTrue(message.startsWith("tracker failure: Requested download is not authorized"), message);
        } finally {
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Retries while opentracker is still starting (connection refused); fails on anything else. */
    private static AnnounceResponse awaitHttpAnswer(HttpTrackerClient http, URI url, AnnounceRequest request, Process p,
                                                    Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return http.announce(url, request).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("opentracker did not answer: " + e.getCause() + "; log: " + Files.readString(log));
                }
                assertEquals(TrackerException.class, e.getCause().getClass());
                assertTrue(e.getCause().getMessage().contains("cannot connect"), e.getCause().getMessage());
                Thread.sleep(100);
            }
        }
    }
}
