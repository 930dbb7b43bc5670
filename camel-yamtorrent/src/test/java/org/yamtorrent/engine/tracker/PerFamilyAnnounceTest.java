package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * BEP 7 announces over both families: two embedded trackers on one port, one on 127.0.0.1 and one on ::1, stand
 * for a tracker whose name has an A and an AAAA record ("localhost", resolved to both here, as many hosts files
 * do). Each already knows one peer of its family. A client of both families reaches both and merges their
 * answers (the IPv6 one from {@code peers6}); a client of one family announces once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerFamilyAnnounceTest {

    private static final InfoHash HASH = InfoHash.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 17, 18, 19, 20});
    private static final PerFamilyAnnounce.Resolver BOTH = host -> new InetAddress[] {
            InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")};

    private EmbeddedTracker v4;
    private EmbeddedTracker v6;
    private URI byName;

    @BeforeEach
    void trackers() throws Exception {
        v4 = EmbeddedTracker.start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), Duration.ofMinutes(1));
        int port = v4.announceUrl().getPort();
        v6 = EmbeddedTracker.start(new InetSocketAddress(InetAddress.getByName("::1"), port), Duration.ofMinutes(1));
        byName = URI.create("http://localhost:" + port + "/announce");
        HttpTrackerClient http = new HttpTrackerClient();
        http.announce(v4.announceUrl(), request("-XX0001-ipv4-peer-01", 1111)).get(30, TimeUnit.SECONDS);
        http.announce(v6.announceUrl(), request("-XX0001-ipv6-peer-01", 2222)).get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        v4.close();
        v6.close();
    }

    @Test
    void aClientOfBothFamiliesAnnouncesToEachAndMergesTheAnswers() throws Exception {
        try (TrackerClient client = new TrackerClient(new HttpTrackerClient(), new UdpTrackerClient(), BOTH)) {
            AnnounceResponse r = client.announce(byName, request("-YT0010-both-familie", 3333)).get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(new InetSocketAddress("127.0.0.1", 1111), new InetSocketAddress("::1", 2222)),
                    Set.copyOf(r.peers()), "the IPv4 peer from one tracker, the IPv6 one (peers6) from the other");
        }
        assertTrue(ports(v4).contains(3333), "the IPv4 tracker knows us: " + v4.peers(HASH));
        assertTrue(ports(v6).contains(3333), "the IPv6 tracker knows us: " + v6.peers(HASH));
        assertTrue(v6.peers(HASH).stream().allMatch(p -> p.address().getAddress() instanceof java.net.Inet6Address));
    }

    @Test
    void aClientOfOneFamilyAnnouncesOnce() throws Exception {
        try (TrackerClient client = new TrackerClient(new HttpTrackerClient(), new UdpTrackerClient(), null)) {
            AnnounceResponse r = client.announce(byName, request("-YT0010-one-family-1", 3333)).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(new InetSocketAddress("127.0.0.1", 1111)), r.peers());
        }
        assertTrue(ports(v4).contains(3333));
        assertEquals(Set.of(2222), ports(v6), "the IPv6 tracker never heard from us");
    }

    /**
     * The same over UDP (BEP 15): two fake UDP trackers on one port of 127.0.0.1 and ::1; the IPv6 one answers
     * with 18-byte compact IPv6 peers, as BEP 15 has a tracker reached over IPv6 do.
     */
    @Test
    void udpAnnouncesGoToEachFamilyAndTheIpv6AnswerHasIpv6Peers() throws Exception {
        try (FakeUdpTracker udp4 = new FakeUdpTracker();
             FakeUdpTracker udp6 = new FakeUdpTracker(new InetSocketAddress(InetAddress.getByName("::1"), udp4.port()));
             TrackerClient client = new TrackerClient(new HttpTrackerClient(), new UdpTrackerClient(), BOTH)) {
            java.util.concurrent.CompletableFuture<AnnounceResponse> answer =
                    client.announce(URI.create("udp://localhost:" + udp4.port()), request("-YT0010-udp-families", 3333));
            udp4.replyConnect(udp4.next(), 4);
            udp6.replyConnect(udp6.next(), 6);
            FakeUdpTracker.Received a4 = udp4.next();
            FakeUdpTracker.Received a6 = udp6.next();
            assertEquals(3333, a4.data().getShort(96) & 0xffff);
            assertEquals(3333, a6.data().getShort(96) & 0xffff);
            assertTrue(((InetSocketAddress) a6.from()).getAddress() instanceof java.net.Inet6Address, "asked over IPv6");
            udp4.replyAnnounce(a4, 900, 1, 0, new byte[] {127, 0, 0, 1, 0x04, 0x57});
            byte[] v6peer = java.nio.ByteBuffer.allocate(18).put(InetAddress.getByName("::1").getAddress())
                    .putShort((short) 2222).array();
            udp6.replyAnnounce(a6, 900, 1, 0, v6peer);
            assertEquals(Set.of(new InetSocketAddress("127.0.0.1", 1111), new InetSocketAddress("::1", 2222)),
                    Set.copyOf(answer.get(30, TimeUnit.SECONDS).peers()), "6-byte peers from one, 18-byte from the other");
        }
    }

    @Test
    void aUdpTrackerOnIpv6AloneAnswersWithIpv6Peers() throws Exception {
        try (FakeUdpTracker udp6 = new FakeUdpTracker(new InetSocketAddress(InetAddress.getByName("::1"), 0));
             TrackerClient client = new TrackerClient(new HttpTrackerClient(), new UdpTrackerClient(), BOTH)) {
            assertEquals("udp://[0:0:0:0:0:0:0:1]:" + udp6.port(), udp6.url().toString());
            java.util.concurrent.CompletableFuture<AnnounceResponse> answer =
                    client.announce(udp6.url(), request("-YT0010-udp-ipv6-onl", 3333));
            udp6.replyConnect(udp6.next(), 6);
            byte[] peers = java.nio.ByteBuffer.allocate(36).put(InetAddress.getByName("::1").getAddress())
                    .putShort((short) 2222).put(InetAddress.getByName("fd00::7").getAddress()).putShort((short) 7)
                    .array();
            udp6.replyAnnounce(udp6.next(), 900, 2, 0, peers);
            assertEquals(List.of(new InetSocketAddress("::1", 2222), new InetSocketAddress("fd00::7", 7)),
                    answer.get(30, TimeUnit.SECONDS).peers());
        }
    }

    private Set<Integer> ports(EmbeddedTracker t) {
        return t.peers(HASH).stream().map(p -> p.address().getPort()).collect(Collectors.toSet());
    }

    private static AnnounceRequest request(String peerId, int port) {
        return new AnnounceRequest(HASH, peerId.getBytes(), port, 0, 0, 100, AnnounceEvent.STARTED, 50, 7, null);
    }
}
