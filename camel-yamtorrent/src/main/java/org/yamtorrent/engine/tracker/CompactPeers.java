package org.yamtorrent.engine.tracker;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** The compact peer format: 4 (BEP 23) or 16 (BEP 7) address bytes then a 2-byte port, all big-endian. */
final class CompactPeers {

    static final int IPV4_STRIDE = 6;
    static final int IPV6_STRIDE = 18;

    private CompactPeers() {
    }

    /**
     * Adds the peers in {@code data[offset, offset + length)} to {@code into} until it holds {@code max}; entries
     * with port 0 are skipped because nobody listens there.
     *
     * @param what names the field in the error, e.g. "announce reply: peers"
     */
    static void decode(byte[] data, int offset, int length, int stride, String what, int max,
                       Collection<InetSocketAddress> into) {
        if (length % stride != 0) {
            throw new TrackerException(what + " length " + length + " is not a multiple of " + stride);
        }
        int addressLength = stride - 2;
        for (int at = offset; at < offset + length && into.size() < max; at += stride) {
            int port = (data[at + addressLength] & 0xff) << 8 | data[at + addressLength + 1] & 0xff;
            if (port != 0) {
                into.add(new InetSocketAddress(address(Arrays.copyOfRange(data, at, at + addressLength)), port));
            }
        }
    }

    /** The compact form of the peers of one family: IPv6 ones when {@code ipv6}, else IPv4 ones. */
    static byte[] encode(List<InetSocketAddress> peers, boolean ipv6) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (InetSocketAddress peer : peers) {
            InetAddress address = peer.getAddress();
            if (address != null && address instanceof Inet6Address == ipv6) { // null: an unresolved address
                out.writeBytes(address.getAddress());
                out.write(peer.getPort() >>> 8);
                out.write(peer.getPort());
            }
        }
        return out.toByteArray();
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            // getByAddress only fails for lengths other than 4 and 16, which the strides rule out
            throw new IllegalStateException(e);
        }
    }
}
