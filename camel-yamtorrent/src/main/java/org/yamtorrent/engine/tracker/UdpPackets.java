package org.yamtorrent.engine.tracker;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.yamtorrent.engine.net.CompactPeers;

/** The datagrams of the UDP tracker protocol (BEP 15), with the BEP 41 URLData option. */
final class UdpPackets {

    static final long PROTOCOL_ID = 0x41727101980L;
    static final int CONNECT = 0;
    static final int ANNOUNCE = 1;
    static final int ERROR = 3;

    static final int CONNECT_REPLY_LENGTH = 16;
    static final int ANNOUNCE_REPLY_HEADER = 20;
    /** action and transaction id: what every reply starts with. */
    static final int REPLY_HEADER = 8;

    private static final int ANNOUNCE_LENGTH = 98;
    private static final int URL_DATA = 2;
    /** BEP 41 allows longer URL data in several options, but no tracker needs a path this long. */
    private static final int MAX_URL_DATA = 1024;

    private UdpPackets() {
    }

    static ByteBuffer connect(int transactionId) {
        return ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(CONNECT).putInt(transactionId).flip();
    }

    /**
     * An IPv4/IPv6 announce. {@code urlData} is the path and query of the tracker URL, sent as BEP 41 URLData
     * options (in chunks of at most 255 bytes) when not empty, so trackers that key on it can see it.
     */
    static ByteBuffer announce(long connectionId, int transactionId, AnnounceRequest r, String urlData) {
        byte[] url = urlData.getBytes(StandardCharsets.UTF_8);
        if (url.length > MAX_URL_DATA) {
            throw new TrackerException("udp announce: URL path and query of " + url.length + " bytes exceed " + MAX_URL_DATA);
        }
        int chunks = (url.length + 254) / 255;
        ByteBuffer b = ByteBuffer.allocate(ANNOUNCE_LENGTH + url.length + 2 * chunks);
        b.putLong(connectionId).putInt(ANNOUNCE).putInt(transactionId)
                .put(r.infoHash().bytes()).put(r.peerId())
                .putLong(r.downloaded()).putLong(r.left()).putLong(r.uploaded())
                .putInt(r.event().udpCode())
                .putInt(0) // IP address: the tracker uses the packet's source (BEP 15 default)
                .putInt(r.key())
                .putInt(r.numWant())
                .putShort((short) r.port());
        for (int at = 0; at < url.length; at += 255) {
            int n = Math.min(255, url.length - at);
            b.put((byte) URL_DATA).put((byte) n).put(url, at, n);
        }
        return b.flip();
    }

    static int action(ByteBuffer reply) {
        return reply.getInt(0);
    }

    static int transactionId(ByteBuffer reply) {
        return reply.getInt(4);
    }

    static long connectionId(ByteBuffer reply) {
        if (reply.remaining() < CONNECT_REPLY_LENGTH) {
            throw new TrackerException("udp connect reply: " + reply.remaining() + " bytes, expected at least 16");
        }
        return reply.getLong(8);
    }

    /** Peers are 6 bytes each from an IPv4 tracker and 18 bytes from an IPv6 one (BEP 15, IPv6 section). */
    static AnnounceResponse announceReply(ByteBuffer reply, boolean ipv6, int maxPeers) {
        int length = reply.remaining();
        if (length < ANNOUNCE_REPLY_HEADER) {
            throw new TrackerException("udp announce reply: " + length + " bytes, expected at least 20");
        }
        int interval = reply.getInt(8);
        int leechers = reply.getInt(12);
        int seeders = reply.getInt(16);
        if (interval < 0) {
            throw new TrackerException("udp announce reply: interval " + Integer.toUnsignedString(interval) + " is out of range");
        }
        byte[] packet = new byte[length];
        reply.duplicate().get(packet);
        Set<InetSocketAddress> peers = new LinkedHashSet<>();
        int stride = ipv6 ? CompactPeers.IPV6_STRIDE : CompactPeers.IPV4_STRIDE;
        CompactPeers.decode(packet, ANNOUNCE_REPLY_HEADER, length - ANNOUNCE_REPLY_HEADER, stride,
                "udp announce reply: peer data", maxPeers, peers, TrackerException::new);
        return new AnnounceResponse(interval, 0, null, null, Math.max(seeders, -1), Math.max(leechers, -1), List.copyOf(peers));
    }

    static String errorMessage(ByteBuffer reply) {
        int n = Math.min(reply.remaining() - REPLY_HEADER, 512);
        byte[] text = new byte[Math.max(n, 0)];
        reply.duplicate().position(REPLY_HEADER).get(text);
        return HttpAnnounce.printable(new String(text, StandardCharsets.UTF_8));
    }
}
