package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.EmbeddedTracker;
import org.yamtorrent.engine.wire.Encryption;

/**
 * MSE/PE between our session and Debian's aria2c on 127.0.0.1. aria2c with {@code --bt-require-crypto=true}
 * refuses every plaintext peer, so a transfer with it happened over RC4; in the other direction our seed has
 * {@code encryption=require}, and aria2c (which offers encryption first by default) leeches from it.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class Aria2EncryptionTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aPreferringSessionLeechesFromAnAria2cThatRequiresEncryption() throws Exception {
        leechFromRequiringAria2c(Encryption.PREFER);
    }

    @Test
    void aRequiringSessionLeechesFromAnAria2cThatRequiresEncryption() throws Exception {
        leechFromRequiringAria2c(Encryption.REQUIRE);
    }

    private void leechFromRequiringAria2c(Encryption ours) throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Path seed = tmp.resolve("seed");
        Metainfo m = payload(seed, "http://127.0.0.1:1/announce");
        int port = ExternalProgram.freeTcpPort();
        try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                tmp.resolve("t.torrent"), seed, port, "--check-integrity=true", "--seed-ratio=0.0",
                "--bt-require-crypto=true", "--bt-min-crypto-level=arc4", "--bt-exclude-tracker=*"));
             Session session = Session.open(Swarms.config(null).encryption(ours))) {
            Swarms.waitFor(() -> ExternalProgram.listening(port), Duration.ofSeconds(30), "aria2c listening");
            TorrentHandle t = session.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.addPeers(List.of(new InetSocketAddress("127.0.0.1", port)));
            Swarms.waitFor(() -> !t.peers().isEmpty() || t.completion().isDone(), Duration.ofSeconds(60),
                    "aria2c as our peer");
            if (!t.peers().isEmpty()) {
                assertTrue(t.peers().get(0).encrypted(), "RC4 with aria2c");
            }
            t.completion().get(90, TimeUnit.SECONDS);
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
            assertTrue(aria2.isAlive(), "aria2c still seeding: " + aria2.log());
        }
    }

    @Test
    void aria2cLeechesFromOurSeedThatRequiresEncryption() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        try (EmbeddedTracker tracker = EmbeddedTracker.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Duration.ofSeconds(5))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = payload(seed, tracker.announceUrl().toString());
            try (Session session = Session.open(Swarms.config(null).encryption(Encryption.REQUIRE))) {
                TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever());
                t.completion().get(30, TimeUnit.SECONDS);
                Swarms.waitFor(() -> !tracker.peers(m.infoHash()).isEmpty(), Duration.ofSeconds(30),
                        "our seed announced");
                Path leech = Files.createDirectories(tmp.resolve("leech"));
                try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                        tmp.resolve("t.torrent"), leech, ExternalProgram.freeTcpPort(), "--seed-time=0",
                        "--bt-max-peers=10"))) {
                    // aria2c ends once its download is complete and verified (--seed-time=0)
                    Swarms.waitFor(() -> !aria2.isAlive(), Duration.ofSeconds(90), "aria2c's download");
                    assertEquals(0, aria2.exitValue(), aria2.log());
                }
                Swarms.assertSamePayload(m, seed, leech, true);
                assertTrue(t.progress().uploaded() >= m.totalLength(), "we uploaded " + t.progress().uploaded());
            }
        }
    }

    /** 6 MiB in one file, with 128 KiB pieces. */
    private Metainfo payload(Path dir, String announce) throws Exception {
        Swarms.writeRandomFile(dir.resolve("crypt.bin"), 6L * MIB + 1_234, 81);
        return Swarms.createTorrent(dir.resolve("crypt.bin"), announce, 128 * 1024, tmp.resolve("t.torrent"));
    }
}
