package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.tracker.UdpTrackerClientTest.failure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.InfoHash;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmbeddedTrackerTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final HttpTrackerClient client = new HttpTrackerClient(Duration.ofSeconds(5), 1 << 20, 2000);
    private EmbeddedTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        tracker = EmbeddedTracker.start(Requests.loopback(0), Duration.ofSeconds(60), clock);
    }

    @AfterEach
    void tearDown() {
        tracker.close();
    }

    private AnnounceResponse announce(String peer, int port, AnnounceEvent event) throws Exception {
        return client.announce(tracker.announceUrl(), Requests.request(Requests.HASH, peer, port, event)).get(10, TimeUnit.SECONDS);
    }

    private byte[] get(String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + tracker.address().getPort() + pathAndQuery);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static String query(String peer, int port) {
        return "info_hash=" + UrlBytes.encode(Requests.HASH.bytes()) + "&peer_id=" + UrlBytes.encode(Requests.peerId(peer))
                + "&port=" + port + "&uploaded=0&downloaded=0&left=5";
    }

    private static Set<Integer> ports(AnnounceResponse r) {
        return r.peers().stream().map(InetSocketAddress::getPort).collect(Collectors.toSet());
    }

    @Test
    void announceUrlNamesTheBoundPort() {
        assertEquals("http://127.0.0.1:" + tracker.address().getPort() + "/announce", tracker.announceUrl().toString());
        assertEquals("/scrape", tracker.scrapeUrl().getPath());
    }

    @Test
    void compactReplyListsTheOthersButNeverTheAnnouncer() throws Exception {
        assertTrue(announce("a", 1001, AnnounceEvent.STARTED).peers().isEmpty());
        assertEquals(Set.of(1001), ports(announce("b", 1002, AnnounceEvent.STARTED)));
        AnnounceResponse c = announce("c", 1003, AnnounceEvent.STARTED);
        assertEquals(Set.of(1001, 1002), ports(c));
        assertEquals(60, c.interval());
        assertEquals(30, c.minInterval());
        assertEquals(3, c.incomplete());
        assertEquals(0, c.complete());
        List<EmbeddedTracker.Peer> peers = tracker.peers(Requests.HASH);
        assertEquals(3, peers.size());
        assertTrue(peers.stream().allMatch(p -> p.lastEvent() == AnnounceEvent.STARTED && p.left() == 3));
        assertTrue(peers.stream().anyMatch(p -> p.peerIdText().startsWith("c---")));
        assertTrue(tracker.peers(InfoHash.fromHex("ff".repeat(20))).isEmpty());
    }

    @Test
    void dictionaryReplyWhenCompactIsZero() throws Exception {
        announce("a", 1001, AnnounceEvent.STARTED);
        byte[] body = get("/announce?" + query("b", 1002) + "&compact=0");
        Map<String, Object> reply = HttpAnnounce.decodeDictionary(body, "test");
        List<?> peers = assertInstanceOf(List.class, reply.get("peers"));
        Map<?, ?> peer = assertInstanceOf(Map.class, peers.get(0));
        assertEquals("127.0.0.1", StandardCharsets.US_ASCII.decode((ByteBuffer) peer.get("ip")).toString());
        assertEquals(1001L, peer.get("port"));
        assertEquals("a-------------------", StandardCharsets.US_ASCII.decode((ByteBuffer) peer.get("peer id")).toString());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 1001)), HttpAnnounce.parseReply(body, 10).peers());

        Map<String, Object> anonymous = HttpAnnounce.decodeDictionary(get("/announce?" + query("b", 1002) + "&compact=0&no_peer_id=1"), "test");
        assertFalse(((Map<?, ?>) ((List<?>) anonymous.get("peers")).get(0)).containsKey("peer id"));
    }

    @Test
    void numwantLimitsThePeers() throws Exception {
        for (int i = 0; i < 6; i++) {
            announce("p" + i, 2000 + i, AnnounceEvent.STARTED);
        }
        AnnounceResponse r = HttpAnnounce.parseReply(get("/announce?" + query("q", 3000) + "&numwant=2"), 100);
        assertEquals(2, r.peers().size());
        assertEquals(6, HttpAnnounce.parseReply(get("/announce?" + query("q", 3000)), 100).peers().size());
    }

    @Test
    void peersExpireAfterTwoIntervals() throws Exception {
        announce("old", 1001, AnnounceEvent.STARTED);
        clock.advance(Duration.ofSeconds(90));
        announce("mid", 1002, AnnounceEvent.STARTED);
        assertEquals(2, tracker.peers(Requests.HASH).size());
        clock.advance(Duration.ofSeconds(31)); // "old" is now 121 s old, "mid" 31 s
        assertEquals(Set.of(1002), ports(announce("new", 1003, AnnounceEvent.STARTED)));
        assertEquals(2, tracker.peers(Requests.HASH).size());
    }

    @Test
    void stoppedRemovesThePeerAndCompletedCounts() throws Exception {
        announce("a", 1001, AnnounceEvent.STARTED);
        announce("b", 1002, AnnounceEvent.STARTED);
        assertTrue(announce("a", 1001, AnnounceEvent.STOPPED).peers().isEmpty(), "a stopping peer gets no peers");
        assertEquals(List.of("b-------------------"), tracker.peers(Requests.HASH).stream().map(EmbeddedTracker.Peer::peerIdText).toList());
        assertTrue(announce("c", 1003, AnnounceEvent.STARTED).peers().stream().noneMatch(p -> p.getPort() == 1001));

        client.announce(tracker.announceUrl(), new AnnounceRequest(Requests.HASH, Requests.peerId("b"), 1002, 0, 9, 0,
                AnnounceEvent.COMPLETED, 50, 1, null)).get(10, TimeUnit.SECONDS);
        byte[] scrape = get("/scrape?info_hash=" + UrlBytes.encode(Requests.HASH.bytes()) + "&info_hash=" + "%FF".repeat(20));
        Map<String, Object> files = (Map<String, Object>) HttpAnnounce.decodeDictionary(scrape, "scrape").get("files");
        assertEquals(1, files.size(), "unknown torrents are left out");
        Map<?, ?> stats = (Map<?, ?>) files.values().iterator().next();
        assertEquals(1L, stats.get("complete"));
        assertEquals(1L, stats.get("incomplete"));
        assertEquals(1L, stats.get("downloaded"));
        assertTrue(new String(scrape, StandardCharsets.ISO_8859_1).contains(new String(Requests.HASH.bytes(), StandardCharsets.ISO_8859_1)),
                "the files key is the raw 20-byte info-hash");
    }

    @Test
    void ipParameterFromLoopbackIsHonouredIncludingIpv6() throws Exception {
        HttpAnnounce.parseReply(get("/announce?" + query("a", 1001) + "&ip=127.0.0.5"), 10);
        HttpAnnounce.parseReply(get("/announce?" + query("b", 1002) + "&ip=%3A%3A1"), 10);
        assertEquals(Set.of(new InetSocketAddress("127.0.0.5", 1001), new InetSocketAddress("::1", 1002)),
                tracker.peers(Requests.HASH).stream().map(EmbeddedTracker.Peer::address).collect(Collectors.toSet()));
        byte[] reply = get("/announce?" + query("c", 1003));
        assertTrue(HttpAnnounce.decodeDictionary(reply, "test").containsKey("peers6"));
        assertEquals(Set.of(new InetSocketAddress("127.0.0.5", 1001), new InetSocketAddress("::1", 1002)),
                Set.copyOf(HttpAnnounce.parseReply(reply, 10).peers()));
        assertTrue(new String(get("/announce?" + query("d", 1004) + "&ip=evil.example"), StandardCharsets.US_ASCII)
                .contains("failure reason"));
    }

    @Test
    void badAnnouncesGetAFailureReason() throws Exception {
        assertFailure("/announce?peer_id=x&port=1", "tracker failure: info_hash is missing or not 20 bytes");
        assertFailure("/announce?" + query("a", 0), "tracker failure: port is missing or not in 1..65535");
        assertFailure("/announce?" + query("a", 1) + "&numwant=-5", "tracker failure: numwant is not a non-negative number");
        String raw = rawGet("/announce?info_hash=%zz&peer_id=a&port=1");
        assertTrue(raw.startsWith("HTTP/1.1 400") || raw.contains("failure reason"), raw);
        assertFailure("/announce?" + "x".repeat(9000), "tracker failure: query is longer than 8192 characters");
        assertTrue(tracker.peers(Requests.HASH).isEmpty());
    }

    /** Sends a request line no URI parser would build. */
    private String rawGet(String target) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", tracker.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private void assertFailure(String pathAndQuery, String message) throws Exception {
        byte[] body = get(pathAndQuery);
        TrackerException e = org.junit.jupiter.api.Assertions.assertThrows(TrackerException.class, () -> HttpAnnounce.parseReply(body, 10));
        assertEquals(message, e.getMessage());
    }

    @Test
    void announceToTheTrackerThroughTheClientFailsCleanlyWhenClosed() throws Exception {
        announce("a", 1001, AnnounceEvent.STARTED);
        tracker.close();
        assertTrue(failure(client.announce(tracker.announceUrl(), Requests.request("a", 1001))).getMessage()
                .startsWith("announce to http://127.0.0.1:"));
    }
}
