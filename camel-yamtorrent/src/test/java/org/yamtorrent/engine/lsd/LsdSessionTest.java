package org.yamtorrent.engine.lsd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.Netns;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * Two full engine sessions in two network namespaces joined by a veth pair, with no tracker, no DHT and no static
 * peer: they find each other by Local Service Discovery alone, and the leecher completes the torrent bit-exact.
 * Each session is a JVM of its own ({@link LsdPeer}) started with {@code ip netns exec} and stopped by its PID.
 */
class LsdSessionTest {

    @Test
    @Timeout(120)
    void twoSessionsInTwoNamespacesMeetByLsdAndComplete(@TempDir Path tmp) throws Exception {
        byte[] payload = TestTorrents.randomBytes(3 * 1024 * 1024 + 11, 52);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("lsd.bin"), payload);
        Path torrent = tmp.resolve("lsd.torrent");
        Files.write(torrent, TorrentCreator.of(seedDir.resolve("lsd.bin")).pieceLength(64 * 1024).create().bytes());
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        try (Netns ns = Netns.create("s", 31, 32);
             ExternalProgram seeder = peer(tmp.resolve("seeder.log"), ns.a, "seed", ns.addressA, ns.vethA, torrent, seedDir);
             ExternalProgram leecher = peer(tmp.resolve("leecher.log"), ns.b, "leech", ns.addressB, ns.vethB, torrent,
                     leechDir)) {
            leecher.await(() -> !leecher.isAlive(), Duration.ofSeconds(90), "the leecher to finish");
            String log = leecher.log();
            assertEquals(0, leecher.exitValue(), log + "\nseeder:\n" + seeder.log());
            assertTrue(log.lines().anyMatch(l -> l.startsWith("PEER ") && l.contains("/" + ns.addressA + ":")),
                    "the leecher's peer is the seeder: " + log);
            assertTrue(LsdPeer.heardByLsd(log) || LsdPeer.heardByLsd(seeder.log()),
                    "one side dialled a peer it heard by LSD: " + log + "\nseeder:\n" + seeder.log());
        }
        assertArrayEquals(payload, Files.readAllBytes(leechDir.resolve("lsd.bin")));
    }

    private static ExternalProgram peer(Path log, String ns, String role, String address, String iface, Path torrent,
                                        Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ExternalProgram.start(log, Netns.in(ns, List.of(java, "-XX:TieredStopAtLevel=1",
                "-Dio.netty.machineId=02:00:00:00:00:02", "-cp", System.getProperty("java.class.path"),
                LsdPeer.class.getName(), role, address, iface, torrent.toString(), dir.toString(), "80")));
    }
}
