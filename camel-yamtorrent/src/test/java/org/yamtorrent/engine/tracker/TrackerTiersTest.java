package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.tracker.UdpTrackerClientTest.failure;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrackerTiersTest {

    private static final List<List<String>> TIERS = List.of(
            List.of("http://a.test/announce", "http://b.test/announce", "udp://c.test:80", "https://d.test/announce"),
            List.of("udp://e.test:6969"),
            List.of("http://f.test/announce", "http://g.test/announce"));

    private TrackerClient client;

    @BeforeEach
    void setUp() throws Exception {
        client = new TrackerClient(new HttpTrackerClient(Duration.ofMillis(500), 1 << 20, 2000),
                new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(50), 2));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static List<String> names(List<URI> tier) {
        return tier.stream().map(URI::getHost).toList();
    }

    @Test
    void shufflesWithinEachTierOnceAndKeepsTierOrder() {
        Set<List<String>> firstTierOrders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            TrackerTiers tiers = new TrackerTiers(TIERS, new Random(seed));
            List<List<URI>> t = tiers.tiers();
            assertEquals(3, t.size());
            assertEquals(Set.of("a.test", "b.test", "c.test", "d.test"), Set.copyOf(names(t.get(0))));
            assertEquals(List.of("e.test"), names(t.get(1)));
            assertEquals(Set.of("f.test", "g.test"), Set.copyOf(names(t.get(2))));
            assertEquals(t, tiers.tiers(), "no reshuffle after construction");
            firstTierOrders.add(names(t.get(0)));
        }
        assertTrue(firstTierOrders.size() > 1, "tiers are actually shuffled");
    }

    @Test
    void promotionMovesATrackerToTheFrontOfItsTier() {
        TrackerTiers tiers = new TrackerTiers(TIERS, new Random(1));
        List<URI> before = tiers.tiers().get(0);
        URI third = before.get(2);
        tiers.promote(third);
        List<URI> after = tiers.tiers().get(0);
        assertEquals(List.of(third, before.get(0), before.get(1), before.get(3)), after);
        assertEquals(tiers.tiers().get(2), new TrackerTiers(TIERS, new Random(1)).tiers().get(2), "other tiers untouched");
    }

    @Test
    void skipsUnknownSchemesMalformedUrlsAndRepeats() {
        TrackerTiers tiers = new TrackerTiers(List.of(
                List.of("wss://tracker.test/announce", "http://[bad", "udp:///nohost", "dht://x"),
                List.of(" http://ok.test/announce ", "http://ok.test/announce", "UDP://up.test:1")), new Random(0));
        List<List<URI>> t = tiers.tiers();
        assertEquals(1, t.size(), "a tier with no usable tracker is dropped");
        assertEquals(Set.of("ok.test", "up.test"), Set.copyOf(names(t.get(0))));
        assertTrue(new TrackerTiers(List.of(List.of("ws://x.test/"))).isEmpty());
    }

    @Test
    void silentTrackersFallThroughToLaterTiers() throws Exception {
        try (FakeUdpTracker deadUdp = new FakeUdpTracker();
             SilentHttpServer silentHttp = new SilentHttpServer();
             EmbeddedTracker live = EmbeddedTracker.start()) {
            TrackerTiers tiers = new TrackerTiers(List.of(
                    List.of(deadUdp.url().toString()),
                    List.of(silentHttp.announceUrl().toString()),
                    List.of(live.announceUrl().toString())));
            TrackerTiers.Answer answer = tiers.announce(client, Requests.request("-YT0001-", 6881)).get(30, TimeUnit.SECONDS);
            assertEquals(live.announceUrl(), answer.tracker());
            assertEquals(1, live.peers(Requests.HASH).size());
            assertEquals(1, silentHttp.connections(), "the silent HTTP tracker was tried");
            for (int i = 0; i < 3; i++) {
                assertEquals(0, deadUdp.next().action(), "connect try " + (i + 1) + " reached the dead UDP tracker");
            }
        }
    }

    @Test
    void answeringTrackerIsPromotedWithinItsTier() throws Exception {
        try (EmbeddedTracker live = EmbeddedTracker.start()) {
            URI refused = URI.create("http://127.0.0.1:" + Requests.closedPort() + "/announce");
            URI dead = URI.create("udp://127.0.0.1:" + Requests.closedPort());
            TrackerTiers tiers = new TrackerTiers(List.of(List.of(refused.toString(), live.announceUrl().toString(), dead.toString())));
            tiers.promote(refused);
            tiers.promote(dead);
            assertEquals(dead, tiers.tiers().get(0).get(0));
            assertEquals(live.announceUrl(), tiers.announce(client, Requests.request("a", 1)).get(30, TimeUnit.SECONDS).tracker());
            assertEquals(live.announceUrl(), tiers.tiers().get(0).get(0));
        }
    }

    @Test
    void allFailingNamesTheLastFailure() throws Exception {
        int port = Requests.closedPort();
        TrackerTiers tiers = new TrackerTiers(List.of(List.of("http://127.0.0.1:" + port + "/announce")));
        String message = failure(tiers.announce(client, Requests.request("a", 1))).getMessage();
        assertTrue(message.startsWith("announce: all 1 trackers failed; last: announce to http://127.0.0.1:" + port), message);
        assertEquals("announce: no usable tracker",
                failure(new TrackerTiers(List.of()).announce(client, Requests.request("a", 1))).getMessage());
    }

    @Test
    void trackerIdIsSentBackToTheTrackerThatGaveIt() throws Exception {
        HttpServer server = HttpServer.create(Requests.loopback(0), 4);
        List<String> queries = new CopyOnWriteArrayList<>();
        server.createContext("/announce", ex -> {
            queries.add(ex.getRequestURI().getRawQuery());
            byte[] body = "d8:intervali60e10:tracker id3:xyze".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            TrackerTiers tiers = new TrackerTiers(List.of(List.of("http://127.0.0.1:" + server.getAddress().getPort() + "/announce")));
            tiers.announce(client, Requests.request("a", 1)).get(10, TimeUnit.SECONDS);
            tiers.announce(client, Requests.request("a", 1)).get(10, TimeUnit.SECONDS);
            assertTrue(!queries.get(0).contains("trackerid"), queries.get(0));
            assertTrue(queries.get(1).endsWith("&trackerid=xyz"), queries.get(1));
        } finally {
            server.stop(0);
        }
    }
}
