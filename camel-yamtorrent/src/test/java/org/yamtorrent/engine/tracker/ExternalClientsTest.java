package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.TestTorrents;

/** Real BitTorrent clients (Debian's aria2c and transmission-cli) announce to the {@link EmbeddedTracker}. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ExternalClientsTest {

    @TempDir
    Path dir;

    private static void assumeInstalled(String program) {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(program)), program + " is not installed; skipping");
    }

    private HandMadeTorrent torrent(EmbeddedTracker tracker) throws Exception {
        HandMadeTorrent t = HandMadeTorrent.singleFile(tracker.announceUrl().toString(), "payload.bin",
                TestTorrents.randomBytes(64 * 1024, 7), 16 * 1024);
        Files.write(dir.resolve("test.torrent"), t.bytes());
        return t;
    }

    /** Waits for a peer whose id starts with {@code prefix}, while the process lives. */
    private static EmbeddedTracker.Peer awaitPeer(EmbeddedTracker tracker, HandMadeTorrent t, String prefix, Process p,
                                                  Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<EmbeddedTracker.Peer> peer = tracker.peers(t.infoHash()).stream()
                    .filter(x -> x.peerIdText().startsWith(prefix)).findFirst();
            if (peer.isPresent()) {
                return peer.get();
            }
            if (!p.isAlive()) {
                throw new AssertionError("client exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no announce with peer id prefix " + prefix + "; client log: " + Files.readString(log));
    }

    private static void destroy(Process p) throws InterruptedException {
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aria2AnnouncesToTheEmbeddedTracker() throws Exception {
        assumeInstalled("/usr/bin/aria2c");
        try (EmbeddedTracker tracker = EmbeddedTracker.start(Requests.loopback(0), Duration.ofSeconds(60))) {
            HandMadeTorrent t = torrent(tracker);
            int port = Requests.closedPort();
            Path download = Files.createDirectory(dir.resolve("aria2"));
            Path log = dir.resolve("aria2.log");
            Process p = null;
            try {
                p = new ProcessBuilder("/usr/bin/aria2c", "--dir=" + download, "--listen-port=" + port,
                        "--interface=127.0.0.1", "--disable-ipv6=true", "--enable-dht=false", "--enable-dht6=false",
                        "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--bt-max-peers=5", "--seed-ratio=0.0",
                        "--summary-interval=0", "--console-log-level=notice", "--no-conf=true",
                        dir.resolve("test.torrent").toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                EmbeddedTracker.Peer peer = awaitPeer(tracker, t, "A2-", p, log);
                assertEquals(port, peer.address().getPort());
                assertEquals("127.0.0.1", peer.address().getAddress().getHostAddress());
                assertEquals(AnnounceEvent.STARTED, peer.lastEvent());
                assertEquals(64 * 1024, peer.left());
            } finally {
                destroy(p);
            }
        }
    }

    @Test
    void transmissionAnnouncesToTheEmbeddedTracker() throws Exception {
        assumeInstalled("/usr/bin/transmission-cli");
        try (EmbeddedTracker tracker = EmbeddedTracker.start(Requests.loopback(0), Duration.ofSeconds(60))) {
            HandMadeTorrent t = torrent(tracker);
            int port = Requests.closedPort();
            Path config = Files.createDirectory(dir.resolve("transmission-config"));
            Path download = Files.createDirectory(dir.resolve("transmission"));
            Files.writeString(config.resolve("settings.json"), """
                    {
                      "bind-address-ipv4": "127.0.0.1",
                      "bind-address-ipv6": "::1",
                      "dht-enabled": false,
                      "lpd-enabled": false,
                      "pex-enabled": false,
                      "utp-enabled": false,
                      "port-forwarding-enabled": false,
                      "peer-port": %d
                    }
                    """.formatted(port), StandardCharsets.UTF_8);
            Path log = dir.resolve("transmission.log");
            Process p = null;
            try {
                ProcessBuilder pb = new ProcessBuilder("/usr/bin/transmission-cli", "-g", config.toString(),
                        "-w", download.toString(), "-p", String.valueOf(port), "-M",
                        dir.resolve("test.torrent").toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("HOME", dir.toString());
                pb.environment().put("XDG_CONFIG_HOME", dir.toString());
                p = pb.start();
                EmbeddedTracker.Peer peer = awaitPeer(tracker, t, "-TR", p, log);
                assertEquals(port, peer.address().getPort());
                assertEquals(64 * 1024, peer.left());
                assertTrue(List.of(AnnounceEvent.STARTED, AnnounceEvent.NONE).contains(peer.lastEvent()), peer.toString());
            } finally {
                destroy(p);
            }
        }
    }

}
