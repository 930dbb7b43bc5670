package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.Opentracker;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * Our engine and Debian's aria2c exchange a multi-file torrent (with an empty file) on 127.0.0.1 in both
 * directions, meeting through opentracker over HTTP and over UDP.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Aria2InteropTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void weDownloadFromAria2ThroughOpentrackerOverHttp() throws Exception {
        weDownloadFromAria2(false);
    }

    /**
     * We announce over UDP. aria2c speaks UDP trackers only through its DHT socket, which stays off here, so it is
     * told to announce to the same opentracker over HTTP instead.
     */
    @Test
    void weDownloadFromAria2ThroughOpentrackerOverUdp() throws Exception {
        weDownloadFromAria2(true);
    }

    private void weDownloadFromAria2(boolean udp) throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = payload(seed, udp ? tracker.udpAnnounce() : tracker.httpAnnounce());
            tracker.start(m.infoHash());
            List<String> aria2c = ExternalProgram.aria2c(tmp.resolve("t.torrent"), seed, ExternalProgram.freeTcpPort(),
                    "--check-integrity=true", "--bt-seed-unverified=false", "--seed-ratio=0.0", "--bt-max-peers=10",
                    "--bt-exclude-tracker=*", "--bt-tracker=" + tracker.httpAnnounce());
            try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), aria2c);
                 Session session = Session.open(Swarms.config(null))) {
                TorrentHandle t = session.add(m, tmp.resolve("leech"), new TorrentOptions());
                Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofSeconds(120), "our download", aria2);
                t.completion().get();
                Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
                assertTrue(t.progress().downloaded() >= m.totalLength());
            }
        }
    }

    @Test
    void aria2DownloadsFromUs() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = payload(seed, tracker.httpAnnounce());
            tracker.start(m.infoHash());
            try (Session session = Session.open(Swarms.config(null))) {
                TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever());
                t.completion().get(30, TimeUnit.SECONDS);
                Path leech = Files.createDirectories(tmp.resolve("leech"));
                try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                        tmp.resolve("t.torrent"), leech, ExternalProgram.freeTcpPort(), "--seed-time=0",
                        "--bt-max-peers=10"))) {
                    // aria2c ends once its download is complete and verified (--seed-time=0)
                    Swarms.awaitAnnouncing(t, () -> !aria2.isAlive(), Duration.ofSeconds(120), "aria2c's download");
                    assertEquals(0, aria2.exitValue(), aria2.log());
                }
                Swarms.assertSamePayload(m, seed, leech, true);
                assertTrue(t.progress().uploaded() >= m.totalLength(), "we uploaded " + t.progress().uploaded());
            }
        }
    }

    /** About 24 MiB in a few files under {@code dir}/interop, and its torrent in t.torrent. */
    private Metainfo payload(Path dir, URI announce) throws Exception {
        Path root = dir.resolve("interop");
        Swarms.writeRandomFile(root.resolve("clip.bin"), 20L * MIB + 4_321, 11);
        Files.createFile(root.resolve("empty.dat"));
        Swarms.writeRandomFile(root.resolve("notes/readme.txt"), 5_000, 12);
        Swarms.writeRandomFile(root.resolve("notes/tail.bin"), 4L * MIB - 9_321, 13);
        return Swarms.createTorrent(root, announce.toString(), 256 * 1024, tmp.resolve("t.torrent"));
    }
}
