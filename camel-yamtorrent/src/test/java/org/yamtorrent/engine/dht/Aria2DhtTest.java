package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * Debian's aria2c seeds a torrent with no tracker, its DHT pointed at our node and nowhere else: our node takes
 * its announce_peer, answers its lookups, and a get_peers lookup of ours names aria2c's peer port.
 */
class Aria2DhtTest {

    @Test
    @Timeout(120)
    void aria2AnnouncesThroughOurNodeAndOurLookupFindsIt(@TempDir Path tmp) throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        byte[] data = new byte[300_000];
        new Random(4).nextBytes(data);
        Files.write(seed.resolve("payload.bin"), data);
        TorrentCreator.Result torrent = TorrentCreator.of(seed.resolve("payload.bin")).create();
        Path file = tmp.resolve("t.torrent");
        Files.write(file, torrent.bytes());

        DhtConfig config = DhtConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(), tmp.resolve("dht.state"))
                .withQueryTimeout(Duration.ofSeconds(2));
        int peerPort = ExternalProgram.freeTcpPort();
        int dhtPort = ExternalProgram.freeTcpAndUdpPort();
        try (DhtNode node = DhtNode.start(config)) {
            List<String> aria2c = new java.util.ArrayList<>(ExternalProgram.aria2c(file, seed, peerPort,
                    "--check-integrity=true", "--seed-ratio=0.0", "--enable-dht=true",
                    "--dht-listen-port=" + dhtPort, "--dht-entry-point=127.0.0.1:" + node.localAddress().getPort(),
                    "--dht-file-path=" + tmp.resolve("aria2-dht.dat"), "--console-log-level=info"));
            try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), aria2c)) {
                Set<InetSocketAddress> found = ConcurrentHashMap.newKeySet();
                InetSocketAddress wanted = new InetSocketAddress("127.0.0.1", peerPort);
                aria2.await(() -> {
                    if (!found.contains(wanted)) {
                        node.getPeers(torrent.infoHash(), found::add).orTimeout(20, TimeUnit.SECONDS).join();
                    }
                    return found.contains(wanted);
                }, Duration.ofSeconds(90), "aria2c's peer through the DHT");
                assertTrue(node.nodeCount() >= 1, "aria2c's DHT node never joined our table: " + node.stats());
            }
        }
    }
}
