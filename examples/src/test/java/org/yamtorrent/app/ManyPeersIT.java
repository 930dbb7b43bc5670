package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * One seeder, the application seeding through routes/seed.yaml, and many concurrent leechers (24 in the suite,
 * {@code -Dyamtorrent.many-peers.leechers=N}; examples/bench/load.sh runs 50): engine sessions in the test JVM plus
 * {@value #ARIA2} aria2c processes where aria2 is installed. All of them complete bit-exact. The test prints the
 * seeder's upload (bytes it wrote to sockets and files, from /proc), CPU time and RSS.
 */
@Timeout(1800)
class ManyPeersIT {

    private static final int LEECHERS = Integer.getInteger("yamtorrent.many-peers.leechers", 24);
    private static final int ARIA2 = 4;
    private static final int SIZE = Integer.getInteger("yamtorrent.many-peers.mib", 4) * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void manyLeechersGetTheSeedersPayloadBitExact() throws Exception {
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            byte[] data = origin.payload("many.bin", SIZE, 50);
            byte[] torrent = origin.torrent("many.bin", 256 * 1024);
            Metainfo m = MetainfoReader.read(torrent);
            Path torrents = Files.createDirectories(tmp.resolve("seeder/seed/torrents"));
            Path seedData = Files.createDirectories(tmp.resolve("seeder/seed/data"));
            Files.move(tmp.resolve("origin/many.bin"), seedData.resolve("many.bin"));
            Files.write(torrents.resolve("many.torrent"), torrent);
            AppProcess seeder = AppProcess.start(tmp.resolve("seeder"), "seed.yaml", Map.of(
                    "yamtorrent.seed.torrents", torrents.toString(), "yamtorrent.seed.data", seedData.toString(),
                    "camel.component.torrent.max-connections", "200",
                    "camel.component.torrent.max-connections-per-torrent", "100"));
            List<Session> sessions = new ArrayList<>();
            List<ExternalProgram> aria2 = new ArrayList<>();
            try {
                seeder.await("the seed", 180, () -> seeder.count("seeding many.bin") == 1);
                long[] before = seeder.cpuAndWritten();
                long t0 = System.nanoTime();
                boolean withAria2 = Files.isExecutable(Path.of(ExternalProgram.ARIA2C));
                int inJvm = withAria2 ? LEECHERS - ARIA2 : LEECHERS;
                List<TorrentHandle> leechers = new ArrayList<>();
                for (int i = 0; i < inJvm; i++) {
                    Session s = Session.open(new SessionConfig().listenAddress(InetAddress.getLoopbackAddress())
                            .listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)));
                    sessions.add(s);
                    leechers.add(s.add(m, tmp.resolve("leech" + i), new TorrentOptions().seedForever()));
                }
                Path torrentFile = tmp.resolve("many.torrent");
                Files.write(torrentFile, torrent);
                for (int i = 0; withAria2 && i < ARIA2; i++) {
                    Path dir = Files.createDirectories(tmp.resolve("aria2-" + i));
                    aria2.add(ExternalProgram.start(dir.resolve("aria2.log"), ExternalProgram.aria2c(torrentFile, dir,
                            ExternalProgram.freeTcpPort(), "--seed-time=0", "--bt-max-peers=55")));
                }
                for (TorrentHandle t : leechers) {
                    t.completion().get(400, TimeUnit.SECONDS);
                }
                for (ExternalProgram a : aria2) {
                    a.await(() -> !a.isAlive(), Duration.ofSeconds(300), "aria2c's download");
                    assertEquals(0, a.exitValue(), a.log());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long[] after = seeder.cpuAndWritten();
                byte[] expected = sha256(data);
                for (int i = 0; i < inJvm; i++) {
                    assertArrayEquals(expected, sha256(Files.readAllBytes(tmp.resolve("leech" + i + "/many.bin"))),
                            "leecher " + i);
                }
                for (int i = 0; i < aria2.size(); i++) {
                    assertArrayEquals(expected, sha256(Files.readAllBytes(tmp.resolve("aria2-" + i + "/many.bin"))),
                            "aria2c " + i);
                }
                double uploadedMib = (after[1] - before[1]) / (1024.0 * 1024);
                System.out.printf("%d leechers (%d aria2c) of %d MiB: all complete in %.1f s; the seeder uploaded"
                        + " %.0f MiB (%.1f MiB/s, %.2f copies), used %.1f CPU s, RSS %d MiB (peak %d MiB)%n",
                        LEECHERS, aria2.size(), SIZE >> 20, seconds, uploadedMib, uploadedMib / seconds,
                        uploadedMib * 1024 * 1024 / SIZE, (after[0] - before[0]) / 100.0,
                        seeder.status("VmRSS") / 1024, seeder.status("VmHWM") / 1024);
                assertTrue(uploadedMib * 1024 * 1024 >= SIZE, "the seeder sent at least one copy");
            } finally {
                for (ExternalProgram a : aria2) {
                    a.close();
                }
                for (Session s : sessions) {
                    s.close();
                }
                seeder.close();
            }
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
