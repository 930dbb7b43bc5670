package org.yamtorrent.engine.net;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.yamtorrent.engine.TorrentException;

/**
 * The compact peer format: 4 (BEP 23) or 16 (BEP 7) address bytes then a 2-byte port, all big-endian. Tracker
 * replies, PEX (BEP 11) and the DHT all write peers this way.
 */
public final class CompactPeers {

    public static final int IPV4_STRIDE = 6;
    public static final int IPV6_STRIDE = 18;

    private CompactPeers() {
    }

    /**
     * Adds the peers in {@code data[offset, offset + length)} to {@code into} until it holds {@code max}; entries
     * with port 0 are skipped because nobody listens there.
     *
     * @param what  names the field in the error, e.g. "announce reply: peers"
     * @param error makes the caller's typed error from the message
     */
    public static void decode(byte[] data, int offset, int length, int stride, String what, int max,
                              Collection<InetSocketAddress> into, Function<String, ? extends TorrentException> error) {
        if (length % stride != 0) {
            throw error.apply(what + " length " + length + " is not a multiple of " + stride);
        }
        for (int at = offset; at < offset + length && into.size() < max; at += stride) {
            InetSocketAddress peer = peer(data, at, stride);
            if (peer != null) {
                into.add(peer);
            }
        }
    }

    /** The peer at {@code data[at, at + stride)}, or null when its port is 0 (nobody listens there). */
    public static InetSocketAddress peer(byte[] data, int at, int stride) {
        int addressLength = stride - 2;
        int port = (data[at + addressLength] & 0xff) << 8 | data[at + addressLength + 1] & 0xff;
        return port == 0 ? null : new InetSocketAddress(address(Arrays.copyOfRange(data, at, at + addressLength)), port);
    }

    /** The compact form of the peers of one family: IPv6 ones when {@code ipv6}, else IPv4 ones. */
    public static byte[] encode(List<InetSocketAddress> peers, boolean ipv6) {
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
