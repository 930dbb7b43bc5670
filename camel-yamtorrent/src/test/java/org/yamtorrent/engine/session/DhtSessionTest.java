package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.dht.DhtConfig;
import org.yamtorrent.engine.dht.DhtNode;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/**
 * Two sessions with no tracker and no static peer meet through the DHT (a node on 127.0.0.1 as their only
 * bootstrap node): the leecher completes bit-exact from a peer whose source is DHT, and a torrent added by
 * info-hash alone gets its peers the same way. Sessions listening on 127.0.0.1 and ::1 run a DHT node on each
 * (BEP 32) and meet over the IPv6 one when the only bootstrap node is on ::1.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DhtSessionTest {

    @TempDir
    Path tmp;

    private final byte[] payload = TestTorrents.randomBytes(300 * 1024 + 5, 33);
    private final Metainfo m = TestTorrents.singleFile("d.bin", payload, 32 * 1024);

    private SessionConfig config(DhtNode router, Path state) {
        InetSocketAddress r = router.localAddress();
        return Swarms.config(null).dht(true).dhtPort(0).stateDirectory(state)
                .dhtBootstrapNodes(List.of(r.getAddress() instanceof Inet6Address
                        ? "[" + r.getHostString() + "]:" + r.getPort() : r.getHostString() + ":" + r.getPort()));
    }

    @Test
    void sessionsWithoutTrackersMeetThroughTheDht() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("d.bin"), payload);
        try (DhtNode router = DhtNode.start(DhtConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(), null));
             Session seeder = Session.open(config(router, tmp.resolve("seeder-state")));
             Session leecher = Session.open(config(router, tmp.resolve("leecher-state")))) {
            TorrentHandle seed = seeder.add(m, seedDir, new TorrentOptions().useTrackers(false).seedForever());
            Swarms.waitFor(() -> seed.state() == TorrentState.SEEDING, Duration.ofSeconds(20), "seeder ready");
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("leech").resolve("d.bin")));
            assertTrue(leecher.dhtNodes() >= 1, "the leecher's DHT knows nobody");

            byte[] other = TestTorrents.randomBytes(100 * 1024, 34);
            Metainfo m2 = TestTorrents.singleFile("other.bin", other, 16 * 1024);
            Path otherDir = Files.createDirectories(tmp.resolve("other"));
            Files.write(otherDir.resolve("other.bin"), other);
            TorrentHandle seed2 = seeder.add(m2, otherDir, new TorrentOptions().useTrackers(false).seedForever());
            TorrentHandle magnet = leecher.add(m2.infoHash(), tmp.resolve("magnet"),
                    new TorrentOptions().useTrackers(false));
            // both find each other in the DHT and dial; whichever connection wins, one side's source is DHT
            Swarms.waitFor(() -> !magnet.peers().isEmpty() && Stream.of(magnet, seed2)
                    .flatMap(h -> h.peers().stream()).anyMatch(p -> p.source() == PeerSource.DHT),
                    Duration.ofSeconds(40), "a peer for the info-hash-only torrent from the DHT");
        }
        assertTrue(Files.size(tmp.resolve("leecher-state").resolve("dht.state")) > 0, "no DHT state saved");
    }

    @Test
    void dualStackSessionsMeetOverTheIpv6Dht() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("d.bin"), payload);
        List<InetAddress> both = List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
        try (DhtNode router = DhtNode.start(DhtConfig.of(new InetSocketAddress("::1", 0), List.of(), null));
             Session seeder = Session.open(config(router, tmp.resolve("seeder-state")).listenAddresses(both));
             Session leecher = Session.open(config(router, tmp.resolve("leecher-state")).listenAddresses(both))) {
            TorrentHandle seed = seeder.add(m, seedDir, new TorrentOptions().useTrackers(false).seedForever());
            Swarms.waitFor(() -> seed.state() == TorrentState.SEEDING, Duration.ofSeconds(20), "seeder ready");
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("leech").resolve("d.bin")));
            List<InetSocketAddress> found = t.knownPeers(PeerSource.DHT);
            assertFalse(found.isEmpty(), "the leecher found the seeder in the DHT");
            assertTrue(found.stream().allMatch(a -> a.getAddress() instanceof Inet6Address),
                    "only the IPv6 node had a bootstrap node, so every DHT peer is an IPv6 one: " + found);
            assertTrue(leecher.dhtNodes() >= 1, "the leecher's IPv6 DHT node knows the router");
        }
        assertTrue(Files.size(tmp.resolve("leecher-state").resolve("dht6.state")) > 0, "the IPv6 node saved its table");
    }
}
