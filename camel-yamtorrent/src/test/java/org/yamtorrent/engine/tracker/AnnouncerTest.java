package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnnouncerTest {

    private TrackerClient client;
    private EmbeddedTracker tracker;
    private final BlockingQueue<List<InetSocketAddress>> delivered = new LinkedBlockingQueue<>();
    private final AtomicLong left = new AtomicLong(1000);
    private Announcer announcer;

    @BeforeEach
    void setUp() throws Exception {
        client = new TrackerClient(new HttpTrackerClient(Duration.ofSeconds(20), 1 << 20, 2000),
                new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(50), 1));
        tracker = EmbeddedTracker.start(Requests.loopback(0), Duration.ofSeconds(1));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (announcer != null) {
            announcer.stop().get(10, TimeUnit.SECONDS);
        }
        tracker.close();
        client.close();
    }

    private AnnouncerBuilder builder(List<List<String>> tiers) {
        return Announcer.builder(client, Requests.HASH, Requests.peerId("-YT0001-me"), 6881)
                .trackers(tiers)
                .stats(() -> new TransferStats(0, 1000 - left.get(), left.get()))
                .onPeers(delivered::add)
                .minimumInterval(Duration.ofMillis(100))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .stopTimeout(Duration.ofMillis(500));
    }

    private List<List<String>> embedded() {
        return List.of(List.of(tracker.announceUrl().toString()));
    }

    private Optional<EmbeddedTracker.Peer> me() {
        return tracker.peers(Requests.HASH).stream().filter(p -> p.peerIdText().startsWith("-YT0001-me")).findFirst();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    private long scrapeDownloaded() throws Exception {
        URI scrape = URI.create(tracker.scrapeUrl() + "?info_hash=" + UrlBytes.encode(Requests.HASH.bytes()));
        byte[] body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(scrape).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        Map<?, ?> files = (Map<?, ?>) HttpAnnounce.decodeDictionary(body, "scrape").get("files");
        return (Long) ((Map<?, ?>) files.values().iterator().next()).get("downloaded");
    }

    @Test
    void startedDeliversPeersAndStopRemovesUs() throws Exception {
        client.announce(tracker.announceUrl(), Requests.request("other", 7000)).get(10, TimeUnit.SECONDS);
        announcer = builder(embedded()).build();
        announcer.start();
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7000)), delivered.poll(20, TimeUnit.SECONDS));
        EmbeddedTracker.Peer me = me().orElseThrow();
        assertEquals(AnnounceEvent.STARTED, me.lastEvent());
        assertEquals(1000, me.left());
        assertEquals(6881, me.address().getPort());
        assertEquals(tracker.announceUrl(), announcer.lastTracker());
        assertNull(announcer.lastError());

        announcer.stop().get(10, TimeUnit.SECONDS);
        assertTrue(me().isEmpty(), "stopped took us off the tracker");
        assertEquals(1, tracker.peers(Requests.HASH).size());
    }

    @Test
    void reannouncesEveryInterval() throws Exception {
        announcer = builder(embedded()).build();
        announcer.start();
        await(() -> me().map(p -> p.lastEvent() == AnnounceEvent.NONE).orElse(false), "a regular re-announce");
        assertEquals(1, announcer.lastResponse().interval());
    }

    @Test
    void completedIsSentOnce() throws Exception {
        announcer = builder(embedded()).build();
        announcer.start();
        await(() -> announcer.lastResponse() != null, "started acknowledged");
        left.set(0);
        announcer.completed();
        announcer.completed();
        await(() -> me().map(p -> p.lastEvent() == AnnounceEvent.COMPLETED).orElse(false), "completed announce");
        await(() -> me().map(p -> p.lastEvent() == AnnounceEvent.NONE).orElse(false), "a regular announce after completed");
        assertEquals(1, scrapeDownloaded());
        assertEquals(0, me().orElseThrow().left());
    }

    @Test
    void completeBeforeStartIsToldByStartedAlone() throws Exception {
        left.set(0);
        announcer = builder(embedded()).build();
        announcer.completed();
        announcer.start();
        await(() -> me().map(p -> p.lastEvent() == AnnounceEvent.NONE).orElse(false), "a regular announce after started");
        assertEquals(0, scrapeDownloaded(), "no completed event for a torrent complete at start (BEP 3)");
    }

    @Test
    void failuresBackOffAndNeverStopTheAnnouncer() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(false);
        try (CannedHttpTracker flaky = new CannedHttpTracker(n -> healthy.get() ? "d8:intervali1ee" : "d14:failure reason4:nopee")) {
            announcer = builder(List.of(List.of(flaky.announceUrl().toString()))).build();
            announcer.start();
            await(() -> flaky.requests() >= 4, "retries after failures");
            assertNull(announcer.lastResponse());
            assertEquals("announce: all 1 trackers failed; last: tracker failure: nope", announcer.lastError().getMessage());
            healthy.set(true);
            await(() -> announcer.lastResponse() != null, "recovery once the tracker answers");
            assertNull(announcer.lastError());
            assertTrue(flaky.queries().get(0).endsWith("&event=started"));
            assertTrue(flaky.queries().get(3).endsWith("&event=started"), "started is repeated until a tracker takes it");
        }
    }

    @Test
    void silentTrackerTimesOutAndIsRetriedAfterBackOff() throws Exception {
        try (FakeUdpTracker dead = new FakeUdpTracker()) {
            announcer = builder(List.of(List.of(dead.url().toString()))).build();
            announcer.start();
            for (int i = 0; i < 4; i++) {
                assertEquals(0, dead.next().action(), "connect " + (i + 1) + ": two tries per announce, two announces");
            }
            await(() -> announcer.lastError() != null, "the timeout is recorded");
            assertTrue(announcer.lastError().getMessage().endsWith(": no reply after 2 tries"), announcer.lastError().getMessage());
            assertNull(announcer.lastResponse());
        }
    }

    @Test
    void stopAbandonsRetransmissionsToASilentTracker() throws Exception {
        try (FakeUdpTracker dead = new FakeUdpTracker();
             TrackerClient patientClient = new TrackerClient(new HttpTrackerClient(),
                     new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(100), 8))) {
            Announcer a = Announcer.builder(patientClient, Requests.HASH, Requests.peerId("x"), 1)
                    .trackers(List.of(List.of(dead.url().toString())))
                    .stats(() -> new TransferStats(0, 0, 1)).onPeers(p -> { })
                    .stopTimeout(Duration.ofMillis(300)).build();
            a.start();
            assertEquals(0, dead.next().action());
            a.stop().get(10, TimeUnit.SECONDS);
            Thread.sleep(200); // a datagram sent just as the stop timeout ran out may still be on its way
            while (dead.queued() > 0) {
                dead.next();
            }
            Thread.sleep(1400); // uncancelled, retransmissions would come 0.7 s and 1.5 s after the first connect
            assertEquals(0, dead.queued(), "no datagrams after stop");
        }
    }

    @Test
    void throwingStatsSupplierDoesNotEndAnnouncing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        announcer = builder(embedded()).stats(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("storage not ready");
            }
            return new TransferStats(0, 0, 10);
        }).build();
        announcer.start();
        await(() -> me().isPresent(), "the announce after the failed stats call");
        assertTrue(calls.get() >= 2);
    }

    @Test
    void backOffDoublesUpToItsCap() {
        Announcer a = Announcer.builder(client, Requests.HASH, Requests.peerId("x"), 1)
                .stats(() -> new TransferStats(0, 0, 0)).onPeers(p -> { })
                .backoff(Duration.ofSeconds(15), Duration.ofMinutes(2)).build();
        List<Long> seconds = java.util.stream.IntStream.of(1, 2, 3, 4, 5, 6, 40, 1000)
                .mapToObj(n -> TimeUnit.NANOSECONDS.toSeconds(a.backoff(n))).toList();
        assertEquals(List.of(15L, 30L, 60L, 120L, 120L, 120L, 120L, 120L), seconds);
    }

    @Test
    void announceNowHonoursTheMinimumGap() throws Exception {
        try (CannedHttpTracker slow = new CannedHttpTracker(n -> "d8:intervali3600ee")) {
            List<List<String>> tiers = List.of(List.of(slow.announceUrl().toString()));
            announcer = builder(tiers).build();
            announcer.start();
            await(() -> announcer.lastResponse() != null, "started acknowledged");
            Thread.sleep(150); // past the 100 ms minimum gap
            announcer.announceNow();
            await(() -> slow.requests() == 2, "the early announce");
            assertFalse(slow.queries().get(1).contains("event="), "a regular announce");
        }
        try (CannedHttpTracker slow = new CannedHttpTracker(n -> "d8:intervali3600e12:min intervali3600ee")) {
            announcer.stop().get(10, TimeUnit.SECONDS);
            announcer = builder(List.of(List.of(slow.announceUrl().toString()))).build();
            announcer.start();
            await(() -> announcer.lastResponse() != null, "started acknowledged");
            announcer.announceNow();
            Thread.sleep(500);
            assertEquals(1, slow.requests(), "no announce before the tracker's min interval has passed");
            announcer.announceNow(true);
            await(() -> slow.requests() == 2, "an announce over the tracker's min interval when asked for one");
        }
    }

    @Test
    void stopIsBoundedWhenTheTrackerHangs() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (CannedHttpTracker hanging = new CannedHttpTracker(n -> n == 1 ? "d8:intervali3600ee" : null)) {
            Announcer a = builder(List.of(List.of(hanging.announceUrl().toString()))).scheduler(scheduler).build();
            a.start();
            await(() -> a.lastResponse() != null, "started acknowledged");
            a.stop().get(10, TimeUnit.SECONDS); // the HTTP timeout is 20 s: only the 500 ms stop timeout ends this
            assertEquals(2, hanging.requests());
            assertTrue(hanging.queries().get(1).endsWith("&event=stopped"));
            assertFalse(scheduler.isShutdown(), "a caller's scheduler is left running");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void deadTrackersFallThroughToTheNextTier() throws Exception {
        try (FakeUdpTracker dead = new FakeUdpTracker(); SilentHttpServer silent = new SilentHttpServer()) {
            client.close();
            client = new TrackerClient(new HttpTrackerClient(Duration.ofMillis(300), 1 << 20, 2000),
                    new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(50), 1));
            announcer = builder(List.of(List.of(dead.url().toString()), List.of(silent.announceUrl().toString()),
                    embedded().get(0))).build();
            announcer.start();
            await(() -> announcer.lastResponse() != null, "an answer from the third tier");
            assertEquals(tracker.announceUrl(), announcer.lastTracker());
            assertEquals(0, dead.next().action());
            assertTrue(silent.connections() >= 1);
        }
    }
}
