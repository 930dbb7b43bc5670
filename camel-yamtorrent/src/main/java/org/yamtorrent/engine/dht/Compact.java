package org.yamtorrent.engine.dht;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.yamtorrent.engine.net.CompactPeers;

/**
 * BEP 5 and BEP 32 compact nodes: a node is its 20-byte id followed by a compact peer ({@link CompactPeers}):
 * 26 bytes in {@code nodes}, 38 in {@code nodes6}.
 */
final class Compact {

    static final int PEER4 = CompactPeers.IPV4_STRIDE;
    static final int PEER6 = CompactPeers.IPV6_STRIDE;
    static final int NODE4 = NodeId.LENGTH + PEER4;
    static final int NODE6 = NodeId.LENGTH + PEER6;

    private Compact() {
    }

    /** The compact peer, or null for a length other than 6 and 18 or port 0 (nobody listens there). */
    static InetSocketAddress peer(byte[] b, int offset, int length) {
        return length == PEER4 || length == PEER6 ? CompactPeers.peer(b, offset, length) : null;
    }

    static byte[] peer(InetSocketAddress address) {
        return CompactPeers.encode(List.of(address), isIpv6(address));
    }

    /**
     * The nodes in a {@code nodes} ({@code ipv6} false) or {@code nodes6} string, at most {@code max} of them;
     * entries with port 0 are skipped.
     */
    static List<Contact> nodes(byte[] b, boolean ipv6, int max) {
        int stride = ipv6 ? NODE6 : NODE4;
        if (b.length % stride != 0) {
            throw new KrpcException((ipv6 ? "nodes6" : "nodes") + " length " + b.length + " is not a multiple of " + stride);
        }
        List<Contact> out = new ArrayList<>(Math.min(max, b.length / stride));
        for (int at = 0; at < b.length && out.size() < max; at += stride) {
            InetSocketAddress address = peer(b, at + NodeId.LENGTH, stride - NodeId.LENGTH);
            if (address != null) {
                out.add(new Contact(NodeId.of(Arrays.copyOfRange(b, at, at + NodeId.LENGTH)), address));
            }
        }
        return out;
    }

    /** The compact form of the contacts of one family (IPv6 ones when {@code ipv6}, else IPv4 ones). */
    static byte[] nodes(Collection<Contact> contacts, boolean ipv6) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Contact c : contacts) {
            if (isIpv6(c.address()) == ipv6) {
                out.writeBytes(c.id().bytes());
                out.writeBytes(peer(c.address()));
            }
        }
        return out.toByteArray();
    }

    static boolean isIpv6(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        return a instanceof Inet6Address && !(a instanceof Inet4Address);
    }
}
