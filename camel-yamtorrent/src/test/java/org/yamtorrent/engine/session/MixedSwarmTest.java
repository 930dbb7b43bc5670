package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * Three clients in one swarm on 127.0.0.1: aria2c seeds, transmission-cli and our engine download, and everyone
 * completes. They meet through the embedded tracker with a two-second interval, so each hears of the others by
 * its regular re-announces.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MixedSwarmTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aria2SeedsTransmissionAndUs() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C, ExternalProgram.TRANSMISSION_CLI);
        try (EmbeddedTracker tracker = EmbeddedTracker.start(new InetSocketAddress("127.0.0.1", 0),
                Duration.ofSeconds(2))) {
            Path seed = tmp.resolve("seed");
            Path root = seed.resolve("mixed");
            Swarms.writeRandomFile(root.resolve("one.bin"), 10L * MIB + 77, 31);
            Files.createFile(root.resolve("zero.bin"));
            Swarms.writeRandomFile(root.resolve("two/three.bin"), 6L * MIB - 77, 32);
            Path torrent = tmp.resolve("t.torrent");
            Metainfo m = Swarms.createTorrent(root, tracker.announceUrl().toString(), 256 * 1024, torrent);
            Path transmissionDir = Files.createDirectories(tmp.resolve("transmission"));
            try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                    torrent, seed, ExternalProgram.freeTcpPort(), "--check-integrity=true",
                    "--bt-seed-unverified=false", "--seed-ratio=0.0", "--bt-max-peers=10"));
                 ExternalProgram transmission = TransmissionInteropTest.startCli(torrent, transmissionDir);
                 Session session = Session.open(Swarms.config(null))) {
                // we keep seeding after completing, for transmission-cli's sake
                TorrentHandle ours = session.add(m, tmp.resolve("us"), new TorrentOptions().seedForever());
                Swarms.awaitAnnouncing(ours, () -> ours.completion().isDone()
                        && TransmissionInteropTest.logContains(transmission, "Seeding"), Duration.ofSeconds(180),
                        "our and transmission-cli's downloads", aria2, transmission);
                ours.completion().get();
                Swarms.assertSamePayload(m, seed, tmp.resolve("us"), true);
                Swarms.assertSamePayload(m, seed, transmissionDir, false);
                assertTrue(aria2.isAlive(), "aria2c still seeds");
            }
        }
    }
}
