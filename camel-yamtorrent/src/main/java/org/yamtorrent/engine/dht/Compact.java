package org.yamtorrent.engine.dht;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * BEP 5 and BEP 32 compact forms: a peer is 4 or 16 address bytes and a 2-byte port; a node is its 20-byte id
 * followed by a compact peer ({@code nodes}: 26 bytes, {@code nodes6}: 38 bytes).
 */
final class Compact {

    static final int PEER4 = 6;
    static final int PEER6 = 18;
    static final int NODE4 = NodeId.LENGTH + PEER4;
    static final int NODE6 = NodeId.LENGTH + PEER6;

    private Compact() {
    }

    /** The compact peer, or null for a length other than 6 and 18 or port 0 (nobody listens there). */
    static InetSocketAddress peer(byte[] b, int offset, int length) {
        if (length != PEER4 && length != PEER6) {
            return null;
        }
        int port = (b[offset + length - 2] & 0xff) << 8 | b[offset + length - 1] & 0xff;
        if (port == 0) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + length - 2)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for lengths other than 4 and 16, ruled out above
        }
    }

    static byte[] peer(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] b = Arrays.copyOf(ip, ip.length + 2);
        b[ip.length] = (byte) (address.getPort() >>> 8);
        b[ip.length + 1] = (byte) address.getPort();
        return b;
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
