package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.TestTorrents;

/** Real BitTorrent clients (Debian's aria2c and transmission-cli) announce to the {@link EmbeddedTracker}. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ExternalClientsTest {

    @TempDir
    Path dir;

    private HandMadeTorrent torrent(EmbeddedTracker tracker) throws Exception {
        HandMadeTorrent t = HandMadeTorrent.singleFile(tracker.announceUrl().toString(), "payload.bin",
                TestTorrents.randomBytes(64 * 1024, 7), 16 * 1024);
        Files.write(dir.resolve("test.torrent"), t.bytes());
        return t;
    }

    /** Waits for a peer whose id starts with {@code prefix}, while the client lives. */
    private static EmbeddedTracker.Peer awaitPeer(EmbeddedTracker tracker, HandMadeTorrent t, String prefix,
                                                  ExternalProgram client) throws Exception {
        client.await(() -> peer(tracker, t, prefix).isPresent(), Duration.ofSeconds(60),
                "an announce with peer id prefix " + prefix);
        return peer(tracker, t, prefix).orElseThrow();
    }

    private static Optional<EmbeddedTracker.Peer> peer(EmbeddedTracker tracker, HandMadeTorrent t, String prefix) {
        return tracker.peers(t.infoHash()).stream().filter(x -> x.peerIdText().startsWith(prefix)).findFirst();
    }

    @Test
    void aria2AnnouncesToTheEmbeddedTracker() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        try (EmbeddedTracker tracker = EmbeddedTracker.start(Requests.loopback(0), Duration.ofSeconds(60))) {
            HandMadeTorrent t = torrent(tracker);
            int port = ExternalProgram.freeTcpPort();
            Path download = Files.createDirectory(dir.resolve("aria2"));
            try (ExternalProgram aria2 = ExternalProgram.start(dir.resolve("aria2.log"), ExternalProgram.aria2c(
                    dir.resolve("test.torrent"), download, port, "--bt-max-peers=5", "--seed-ratio=0.0"))) {
                EmbeddedTracker.Peer peer = awaitPeer(tracker, t, "A2-", aria2);
                assertEquals(port, peer.address().getPort());
                assertEquals("127.0.0.1", peer.address().getAddress().getHostAddress());
                assertEquals(AnnounceEvent.STARTED, peer.lastEvent());
                assertEquals(64 * 1024, peer.left());
            }
        }
    }

    @Test
    void transmissionAnnouncesToTheEmbeddedTracker() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.TRANSMISSION_CLI);
        try (EmbeddedTracker tracker = EmbeddedTracker.start(Requests.loopback(0), Duration.ofSeconds(60))) {
            HandMadeTorrent t = torrent(tracker);
            int port = ExternalProgram.freeTcpPort();
            Path config = dir.resolve("transmission-config");
            Path download = Files.createDirectory(dir.resolve("transmission"));
            ExternalProgram.transmissionSettings(config, port);
            try (ExternalProgram transmission = ExternalProgram.start(dir.resolve("transmission.log"), List.of(
                    ExternalProgram.TRANSMISSION_CLI, "-g", config.toString(), "-w", download.toString(),
                    "-p", String.valueOf(port), "-M", dir.resolve("test.torrent").toString()))) {
                EmbeddedTracker.Peer peer = awaitPeer(tracker, t, "-TR", transmission);
                assertEquals(port, peer.address().getPort());
                assertEquals(64 * 1024, peer.left());
                assertTrue(List.of(AnnounceEvent.STARTED, AnnounceEvent.NONE).contains(peer.lastEvent()), peer.toString());
            }
        }
    }

}
