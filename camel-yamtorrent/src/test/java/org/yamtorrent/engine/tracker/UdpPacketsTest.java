package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpPacketsTest {

    @Test
    void connectRequestLayout() {
        ByteBuffer b = UdpPackets.connect(0x01020304);
        assertEquals(16, b.remaining());
        assertEquals(0x41727101980L, b.getLong(0));
        assertEquals(0, b.getInt(8));
        assertEquals(0x01020304, b.getInt(12));
    }

    @Test
    void announceRequestLayout() {
        AnnounceRequest r = new AnnounceRequest(Requests.HASH, Requests.peerId("-YT0001-"), 51413, 100, 200, 300,
                AnnounceEvent.COMPLETED, -1, 0x7eadbeef, null);
        ByteBuffer b = UdpPackets.announce(0x1122334455667788L, 42, r, "");
        assertEquals(98, b.remaining());
        assertEquals(0x1122334455667788L, b.getLong(0));
        assertEquals(1, b.getInt(8));
        assertEquals(42, b.getInt(12));
        assertArrayEquals(Requests.HASH.bytes(), Arrays.copyOfRange(b.array(), 16, 36));
        assertArrayEquals(Requests.peerId("-YT0001-"), Arrays.copyOfRange(b.array(), 36, 56));
        assertEquals(200, b.getLong(56)); // downloaded
        assertEquals(300, b.getLong(64)); // left
        assertEquals(100, b.getLong(72)); // uploaded
        assertEquals(1, b.getInt(80));    // completed
        assertEquals(0, b.getInt(84));    // ip: the packet's source
        assertEquals(0x7eadbeef, b.getInt(88));
        assertEquals(-1, b.getInt(92));
        assertEquals(51413, b.getShort(96) & 0xffff);
    }

    @Test
    void eventCodesFollowBep15() {
        assertEquals(List.of(0, 1, 2, 3), Arrays.stream(AnnounceEvent.values()).map(AnnounceEvent::udpCode).toList());
    }

    @Test
    void urlDataOptionCarriesPathAndQueryInChunks() {
        ByteBuffer b = UdpPackets.announce(1, 2, Requests.request("p", 1), "/dir?a=b&c=d");
        assertEquals(98 + 2 + 12, b.remaining());
        assertEquals(2, b.get(98));
        assertEquals(12, b.get(99));
        assertEquals("/dir?a=b&c=d", new String(b.array(), 100, 12, StandardCharsets.US_ASCII));

        String longPath = "/" + "x".repeat(299);
        ByteBuffer c = UdpPackets.announce(1, 2, Requests.request("p", 1), longPath);
        assertEquals(98 + 2 + 255 + 2 + 45, c.remaining());
        assertEquals(255, c.get(99) & 0xff);
        assertEquals(2, c.get(98 + 2 + 255));
        assertEquals(45, c.get(98 + 2 + 255 + 1));
        assertThrows(TrackerException.class, () -> UdpPackets.announce(1, 2, Requests.request("p", 1), "/" + "x".repeat(2000)));
    }

    @Test
    void connectReplyNeedsSixteenBytes() {
        ByteBuffer ok = ByteBuffer.allocate(16).putInt(0).putInt(7).putLong(99).flip();
        assertEquals(99, UdpPackets.connectionId(ok));
        TrackerException e = assertThrows(TrackerException.class,
                () -> UdpPackets.connectionId(ByteBuffer.allocate(12).putInt(0).putInt(7).putInt(0).flip()));
        assertEquals("udp connect reply: 12 bytes, expected at least 16", e.getMessage());
    }

    @Test
    void announceReplyIpv4AndIpv6Strides() {
        ByteBuffer v4 = ByteBuffer.allocate(20 + 12).putInt(1).putInt(7).putInt(1800).putInt(5).putInt(9)
                .put(new byte[] {127, 0, 0, 1, 0x1a, (byte) 0xe1, 10, 0, 0, 2, 0, 80}).flip();
        AnnounceResponse r = UdpPackets.announceReply(v4, false, 100);
        assertEquals(1800, r.interval());
        assertEquals(5, r.incomplete());
        assertEquals(9, r.complete());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6881), new InetSocketAddress("10.0.0.2", 80)), r.peers());

        byte[] peer6 = new byte[18];
        peer6[15] = 1;
        peer6[17] = 80;
        ByteBuffer v6 = ByteBuffer.allocate(20 + 18).putInt(1).putInt(7).putInt(60).putInt(0).putInt(1).put(peer6).flip();
        assertEquals(List.of(new InetSocketAddress("::1", 80)), UdpPackets.announceReply(v6, true, 100).peers());

        ByteBuffer odd = ByteBuffer.allocate(20 + 13).putInt(1).putInt(7).putInt(60).putInt(0).putInt(0).put(new byte[13]).flip();
        TrackerException e = assertThrows(TrackerException.class, () -> UdpPackets.announceReply(odd, false, 100));
        assertEquals("udp announce reply: peer data length 13 is not a multiple of 6", e.getMessage());
    }

    @Test
    void announceReplyRejectsShortPacketsAndBadIntervals() {
        TrackerException e = assertThrows(TrackerException.class,
                () -> UdpPackets.announceReply(ByteBuffer.allocate(19), false, 100));
        assertEquals("udp announce reply: 19 bytes, expected at least 20", e.getMessage());
        ByteBuffer negative = ByteBuffer.allocate(20).putInt(1).putInt(7).putInt(-1).putInt(0).putInt(0).flip();
        e = assertThrows(TrackerException.class, () -> UdpPackets.announceReply(negative, false, 100));
        assertEquals("udp announce reply: interval 4294967295 is out of range", e.getMessage());
    }

    @Test
    void announceReplyCapsPeers() {
        ByteBuffer many = ByteBuffer.allocate(20 + 6 * 5000).putInt(1).putInt(7).putInt(60).putInt(0).putInt(0);
        for (int i = 0; i < 5000; i++) {
            many.put(new byte[] {10, 0, (byte) (i >> 8), (byte) i, 0, 1});
        }
        assertEquals(2000, UdpPackets.announceReply(many.flip(), false, 2000).peers().size());
    }

    @Test
    void errorMessageIsTheRestOfThePacket() {
        ByteBuffer err = ByteBuffer.allocate(8 + 7).putInt(3).putInt(7).put("go away".getBytes(StandardCharsets.US_ASCII)).flip();
        assertEquals("go away", UdpPackets.errorMessage(err));
    }

    @Test
    void retransmitBackOffIs15TimesTwoToTheN() {
        Duration base = UdpTrackerClient.DEFAULT_BASE_TIMEOUT;
        List<Long> seconds = java.util.stream.IntStream.rangeClosed(0, UdpTrackerClient.DEFAULT_MAX_RETRIES)
                .mapToObj(n -> UdpTrackerClient.retransmitDelay(base, n).toSeconds()).toList();
        assertEquals(List.of(15L, 30L, 60L, 120L, 240L, 480L, 960L, 1920L, 3840L), seconds);
    }
}
