package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Tracker replies from strangers, decoded the way the clients decode them: only {@link TrackerException} may
 * escape, and an accepted reply never holds more peers than the cap or an unusable port.
 */
class TrackerReplyFuzzTest {

    private static final int MAX_PEERS = 50;

    @FuzzTest
    @Timeout(10)
    void httpReply(byte[] body) {
        try {
            check(HttpAnnounce.parseReply(body, MAX_PEERS));
        } catch (TrackerException expected) {
            // malformed, or a failure reason
        }
    }

    /** What UdpTrackerClient does with a datagram: every decoding its action could lead to. */
    @FuzzTest
    @Timeout(10)
    void udpReply(byte[] datagram) {
        if (datagram.length < UdpPackets.REPLY_HEADER) {
            return; // the reader thread drops these before any decoding
        }
        ByteBuffer reply = ByteBuffer.wrap(datagram);
        UdpPackets.action(reply);
        UdpPackets.transactionId(reply);
        try {
            UdpPackets.connectionId(reply);
        } catch (TrackerException expected) {
            // too short
        }
        for (boolean ipv6 : new boolean[] {false, true}) {
            try {
                check(UdpPackets.announceReply(reply.duplicate(), ipv6, MAX_PEERS));
            } catch (TrackerException expected) {
                // too short, bad interval or a ragged peer list
            }
        }
        assertTrue(UdpPackets.errorMessage(reply).length() <= 512);
    }

    private static void check(AnnounceResponse r) {
        assertTrue(r.peers().size() <= MAX_PEERS, "peers capped: " + r.peers().size());
        assertTrue(r.interval() >= 0 && r.minInterval() >= 0);
        for (InetSocketAddress p : r.peers()) {
            assertTrue(p.getPort() > 0 && !p.isUnresolved(), p.toString());
        }
    }
}
