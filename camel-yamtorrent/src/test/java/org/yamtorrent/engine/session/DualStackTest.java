package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/** Both address families (BEP 7) on the loopback addresses 127.0.0.1 and ::1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DualStackTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    /**
     * A swarm over ::1 alone: both sessions listen there, the embedded tracker on ::1 answers with compact
     * {@code peers6}, and the leecher dials the seeder's IPv6 address from it.
     */
    @Test
    void aSwarmOverIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (EmbeddedTracker tracker = EmbeddedTracker.start(new InetSocketAddress(v6, 0), Duration.ofSeconds(5))) {
            Metainfo m = payload(tracker.announceUrl().toString());
            try (Session seeder = Session.open(Swarms.config(null).listenAddress(v6));
                 Session leecher = Session.open(Swarms.config(null).listenAddress(v6))) {
                TorrentHandle seed = seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever());
                seed.completion().get(30, TimeUnit.SECONDS);
                Swarms.waitFor(() -> !tracker.peers(m.infoHash()).isEmpty(), Duration.ofSeconds(30), "the seed announced");
                TorrentHandle leech = leecher.add(m, tmp.resolve("leech"), new TorrentOptions());
                Swarms.awaitAnnouncing(leech, () -> !leech.peers().isEmpty() || leech.completion().isDone(),
                        Duration.ofSeconds(60), "a peer from peers6");
                if (!leech.peers().isEmpty()) {
                    assertInstanceOf(Inet6Address.class, leech.peers().get(0).address().getAddress());
                    assertEquals(PeerSource.TRACKER, leech.peers().get(0).source());
                }
                leech.completion().get(60, TimeUnit.SECONDS);
                Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech"), true);
            }
        }
    }

    /**
     * A seed listening on 127.0.0.1 and ::1 (one port) serves a leecher that dials it over IPv4 and one that dials
     * it over IPv6, at the same time.
     */
    @Test
    void aSessionListeningOnBothFamiliesServesEach() throws Exception {
        Metainfo m = payload("http://127.0.0.1:1/announce");
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        try (Session seeder = Session.open(Swarms.config(null).listenAddresses(List.of(v4, v6)));
             Session leecher4 = Session.open(Swarms.config(null).listenAddress(v4));
             Session leecher6 = Session.open(Swarms.config(null).listenAddress(v6))) {
            TorrentHandle seed = seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever().useTrackers(false));
            seed.completion().get(30, TimeUnit.SECONDS);
            TorrentHandle a = leecher4.add(m, tmp.resolve("leech4"), new TorrentOptions().useTrackers(false));
            TorrentHandle b = leecher6.add(m, tmp.resolve("leech6"), new TorrentOptions().useTrackers(false));
            a.addPeers(List.of(new InetSocketAddress(v4, seeder.listenPort())));
            b.addPeers(List.of(new InetSocketAddress(v6, seeder.listenPort())));
            Swarms.waitFor(() -> seed.peers().size() == 2, Duration.ofSeconds(60), "both leechers connected");
            assertTrue(seed.peers().stream().anyMatch(p -> p.address().getAddress() instanceof Inet4Address),
                    "an IPv4 peer: " + seed.peers());
            assertTrue(seed.peers().stream().anyMatch(p -> p.address().getAddress() instanceof Inet6Address),
                    "an IPv6 peer: " + seed.peers());
            a.completion().get(60, TimeUnit.SECONDS);
            b.completion().get(60, TimeUnit.SECONDS);
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech4"), true);
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech6"), true);
        }
    }

    /** {@code 0.0.0.0,::} binds; an IPv4 wildcard the IPv6 one already covers is no error. */
    @Test
    void bothWildcardsOnOnePort() throws Exception {
        try (Session s = Session.open(Swarms.config(null).listenAddresses(List.of(InetAddress.getByName("0.0.0.0"),
                InetAddress.getByName("::"))))) {
            assertTrue(s.isListening());
            for (String host : List.of("127.0.0.1", "::1")) {
                try (Socket socket = new Socket(host, s.listenPort())) {
                    assertTrue(socket.isConnected(), "reachable on " + host);
                }
            }
        }
    }

    /** 3 MiB in one file with 64 KiB pieces, in seed/. */
    private Metainfo payload(String announce) throws Exception {
        Swarms.writeRandomFile(tmp.resolve("seed/six.bin"), 3L * MIB + 606, 91);
        return Swarms.createTorrent(tmp.resolve("seed/six.bin"), announce, 64 * 1024, tmp.resolve("t.torrent"));
    }
}
