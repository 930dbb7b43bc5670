package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpTrackerClientTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private FakeUdpTracker tracker;
    private UdpTrackerClient client;

    @BeforeEach
    void setUp() throws Exception {
        tracker = new FakeUdpTracker();
        client = new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(200), 3, 2000, clock::get);
    }

    @AfterEach
    void tearDown() {
        client.close();
        tracker.close();
    }

    @Test
    void connectsThenAnnounces() throws Exception {
        AnnounceRequest request = Requests.request("-YT0001-", 6881);
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(), request);

        FakeUdpTracker.Received connect = tracker.next();
        assertEquals(16, connect.data().remaining());
        assertEquals(UdpPackets.PROTOCOL_ID, connect.data().getLong(0));
        assertEquals(0, connect.action());
        tracker.replyConnect(connect, 0x0102030405060708L);

        FakeUdpTracker.Received announce = tracker.next();
        assertEquals(98, announce.data().remaining());
        assertEquals(0x0102030405060708L, announce.connectionId());
        assertEquals(1, announce.action());
        assertArrayEquals(Requests.HASH.bytes(), Arrays.copyOfRange(announce.data().array(), 16, 36));
        assertEquals(2, announce.data().getInt(80)); // started
        assertEquals(6881, announce.data().getShort(96) & 0xffff);
        tracker.replyAnnounce(announce, 900, 4, 6, new byte[] {127, 0, 0, 1, 0x1a, (byte) 0xe2});

        AnnounceResponse r = answer.get(10, TimeUnit.SECONDS);
        assertEquals(900, r.interval());
        assertEquals(6, r.complete());
        assertEquals(4, r.incomplete());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6882)), r.peers());
    }

    @Test
    void reusesConnectionIdForAMinuteThenReconnects() throws Exception {
        CompletableFuture<AnnounceResponse> first = client.announce(tracker.url(), Requests.request("a", 1));
        tracker.replyConnect(tracker.next(), 77);
        tracker.replyAnnounce(tracker.next(), 60, 0, 0, new byte[0]);
        first.get(10, TimeUnit.SECONDS);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        CompletableFuture<AnnounceResponse> second = client.announce(tracker.url(), Requests.request("a", 1));
        FakeUdpTracker.Received reused = tracker.next();
        assertEquals(1, reused.action(), "within a minute the connection id is reused");
        assertEquals(77, reused.connectionId());
        tracker.replyAnnounce(reused, 60, 0, 0, new byte[0]);
        second.get(10, TimeUnit.SECONDS);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        CompletableFuture<AnnounceResponse> third = client.announce(tracker.url(), Requests.request("a", 1));
        FakeUdpTracker.Received reconnect = tracker.next();
        assertEquals(0, reconnect.action(), "after a minute a new connection id is fetched");
        tracker.replyConnect(reconnect, 78);
        FakeUdpTracker.Received announce = tracker.next();
        assertEquals(78, announce.connectionId());
        tracker.replyAnnounce(announce, 60, 0, 0, new byte[0]);
        third.get(10, TimeUnit.SECONDS);
    }

    @Test
    void ignoresRepliesWithAnotherTransactionIdOrFromAnotherAddress() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(), Requests.request("a", 1));
        FakeUdpTracker.Received connect = tracker.next();
        ByteBuffer wrongId = ByteBuffer.allocate(16).putInt(0).putInt(connect.transactionId() + 1).putLong(5).flip();
        tracker.send(connect.from(), wrongId);
        try (DatagramSocket stranger = new DatagramSocket(Requests.loopback(0))) {
            byte[] spoof = new byte[16];
            ByteBuffer.wrap(spoof).putInt(0).putInt(connect.transactionId()).putLong(6);
            stranger.send(new DatagramPacket(spoof, 16, connect.from()));
        }
        tracker.replyConnect(connect, 7);
        FakeUdpTracker.Received announce = tracker.next();
        assertEquals(1, announce.action());
        assertEquals(7, announce.connectionId(), "only the matching reply from the tracker counts");
        tracker.replyAnnounce(announce, 60, 0, 0, new byte[0]);
        assertEquals(60, answer.get(10, TimeUnit.SECONDS).interval());
    }

    @Test
    void errorActionFailsWithTheTrackersMessage() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(), Requests.request("a", 1));
        FakeUdpTracker.Received connect = tracker.next();
        tracker.send(connect.from(), ByteBuffer.allocate(8 + 7).putInt(3).putInt(connect.transactionId())
                .put("go away".getBytes(StandardCharsets.US_ASCII)).flip());
        assertEquals("tracker failure: go away", failure(answer).getMessage());
    }

    @Test
    void wrongActionFails() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(), Requests.request("a", 1));
        FakeUdpTracker.Received connect = tracker.next();
        tracker.replyAnnounce(connect, 60, 0, 0, new byte[0]); // action 1 to a connect
        assertEquals("udp connect reply: action 1, expected 0", failure(answer).getMessage());
    }

    @Test
    void silentTrackerGetsRetransmissionsThenTimesOut() throws Exception {
        CompletableFuture<AnnounceResponse> answer = client.announce(tracker.url(), Requests.request("a", 1));
        TrackerException e = failure(answer);
        assertTrue(e.getMessage().matches("udp announce to udp://127\\.0\\.0\\.1:\\d+: no reply after 4 tries"), e.getMessage());
        int[] ids = new int[4];
        for (int i = 0; i < 4; i++) {
            FakeUdpTracker.Received r = tracker.next();
            assertEquals(0, r.action(), "every try is a connect while no connection id is known");
            ids[i] = r.transactionId();
        }
        assertEquals(0, tracker.queued(), "no fifth try");
        assertEquals(4, Arrays.stream(ids).distinct().count());
    }

    @Test
    void urlPathAndQueryTravelAsUrlData() throws Exception {
        URI withPath = URI.create(tracker.url() + "/dir?a=b");
        CompletableFuture<AnnounceResponse> answer = client.announce(withPath, Requests.request("a", 1));
        tracker.replyConnect(tracker.next(), 1);
        FakeUdpTracker.Received announce = tracker.next();
        assertEquals(98 + 2 + 8, announce.data().remaining());
        assertEquals("/dir?a=b", new String(announce.data().array(), 100, 8, StandardCharsets.US_ASCII));
        tracker.replyAnnounce(announce, 60, 0, 0, new byte[0]);
        answer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void cancellingStopsRetransmission() throws Exception {
        UdpTrackerClient slow = new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(300), 8);
        try {
            CompletableFuture<AnnounceResponse> answer = slow.announce(tracker.url(), Requests.request("a", 1));
            tracker.next();
            answer.cancel(true);
            // the connect of a new announce is the next datagram: the cancelled one sent no more
            CompletableFuture<AnnounceResponse> other = slow.announce(tracker.url(), Requests.request("b", 2));
            FakeUdpTracker.Received next = tracker.next();
            tracker.replyConnect(next, 3);
            FakeUdpTracker.Received announce = tracker.next();
            assertEquals(1, announce.action());
            tracker.replyAnnounce(announce, 60, 0, 0, new byte[0]);
            other.get(10, TimeUnit.SECONDS);
            Thread.sleep(700); // past two of the cancelled exchange's retransmission times
            assertEquals(0, tracker.queued(), "the cancelled announce must not retransmit");
        } finally {
            slow.close();
        }
    }

    @Test
    void badUrlsAndClosedClientFailAtOnce() throws Exception {
        assertFalse(failure(client.announce(URI.create("udp://127.0.0.1"), Requests.request("a", 1))).getMessage().isEmpty());
        assertFalse(failure(client.announce(URI.create("http://127.0.0.1:1/"), Requests.request("a", 1))).getMessage().isEmpty());
        CompletableFuture<AnnounceResponse> pending = client.announce(tracker.url(), Requests.request("a", 1));
        tracker.next();
        client.close();
        assertTrue(failure(pending).getMessage().contains("closed"));
        assertTrue(failure(client.announce(tracker.url(), Requests.request("a", 1))).getMessage().contains("closed"));
    }

    static TrackerException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(TrackerException.class, e.getCause());
    }
}
