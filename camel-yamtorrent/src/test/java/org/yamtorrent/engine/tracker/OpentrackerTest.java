package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.tracker.UdpTrackerClientTest.failure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.Opentracker;
import org.yamtorrent.engine.metainfo.InfoHash;

/** Our HTTP and UDP clients against Debian's opentracker, which is built to serve whitelisted info-hashes only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpentrackerTest {

    private static final InfoHash LISTED = InfoHash.fromHex("5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed");

    @TempDir
    Path dir;

    @Test
    void httpAndUdpPeersSeeEachOther() throws Exception {
        HttpTrackerClient http = new HttpTrackerClient(Duration.ofSeconds(5), 1 << 20, 2000);
        try (Opentracker tracker = Opentracker.in(dir).start(LISTED);
             UdpTrackerClient udp = new UdpTrackerClient(Requests.loopback(0), Duration.ofMillis(500), 4)) {
            URI httpUrl = tracker.httpAnnounce();
            URI udpUrl = tracker.udpAnnounce();

            AnnounceRequest a = Requests.request(LISTED, "-YT0001-httppeer", 6001, AnnounceEvent.STARTED);
            AnnounceResponse first = http.announce(httpUrl, a).get(20, TimeUnit.SECONDS);
            assertTrue(first.interval() > 0);

            AnnounceRequest b = Requests.request(LISTED, "-YT0001-udppeer", 6002, AnnounceEvent.STARTED);
            AnnounceResponse viaUdp = udp.announce(udpUrl, b).get(20, TimeUnit.SECONDS);
            assertTrue(viaUdp.peers().contains(new InetSocketAddress("127.0.0.1", 6001)), "UDP peer sees the HTTP peer: " + viaUdp);
            assertTrue(viaUdp.complete() + viaUdp.incomplete() >= 2, viaUdp.toString());

            AnnounceResponse again = http.announce(httpUrl, a.withEvent(AnnounceEvent.NONE)).get(20, TimeUnit.SECONDS);
            assertTrue(again.peers().contains(new InetSocketAddress("127.0.0.1", 6002)), "HTTP peer sees the UDP peer: " + again);

            AnnounceRequest unlisted = Requests.request(InfoHash.fromHex("00".repeat(20)), "x", 6003, AnnounceEvent.STARTED);
            String message = failure(http.announce(httpUrl, unlisted)).getMessage();
            assertTrue(message.startsWith("tracker failure: Requested download is not authorized"), message);
        }
    }

    @Test
    void anInfoHashAllowedWhileRunningIsServed() throws Exception {
        InfoHash later = InfoHash.fromHex("1a7e1a7e1a7e1a7e1a7e1a7e1a7e1a7e1a7e1a7e");
        HttpTrackerClient http = new HttpTrackerClient(Duration.ofSeconds(5), 1 << 20, 2000);
        try (Opentracker tracker = Opentracker.in(dir).start(LISTED)) {
            AnnounceRequest r = Requests.request(later, "-YT0001-laterpeer", 6004, AnnounceEvent.STARTED);
            assertTrue(failure(http.announce(tracker.httpAnnounce(), r)).getMessage().contains("not authorized"));
            tracker.allow(later);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    assertTrue(http.announce(tracker.httpAnnounce(), r).get(20, TimeUnit.SECONDS).interval() > 0);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    // SIGHUP is handled asynchronously; the old list may still answer for a moment
                    assertTrue(System.nanoTime() < end, "still refused after SIGHUP: " + e.getCause());
                    Thread.sleep(100);
                }
            }
        }
    }
}
