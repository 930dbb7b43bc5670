package org.yamtorrent.engine.pex;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.net.CompactPeers;

/**
 * A BEP 11 ut_pex message: {@code added}/{@code added6} (compact IPv4/IPv6 peers) with one flags byte each in
 * {@code added.f}/{@code added6.f}, and {@code dropped}/{@code dropped6}.
 *
 * @param added   peers the sender connected to since its last message
 * @param dropped peers it disconnected from
 */
public record PexMessage(List<PexPeer> added, List<InetSocketAddress> dropped) {

    /**
     * Longer payloads are refused unread. BEP 11 allows 50 added and 50 dropped peers a message, which is under
     * 2 KiB even in IPv6; 16 KiB leaves room for clients that send more.
     */
    public static final int MAX_BYTES = 16 * 1024;
    /** At most this many added and this many dropped peers are read from one message; the rest are ignored. */
    public static final int MAX_PEERS = 100;

    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
    }

    public boolean isEmpty() {
        return added.isEmpty() && dropped.isEmpty();
    }

    /** The extended-message payload. */
    public byte[] encode() {
        Map<String, Object> d = new TreeMap<>();
        for (boolean v6 : new boolean[] {false, true}) {
            String suffix = v6 ? "6" : "";
            List<InetSocketAddress> addresses = new ArrayList<>();
            ByteArrayOutputStream flags = new ByteArrayOutputStream();
            for (PexPeer p : added) {
                if (isV6(p.address()) == v6) {
                    addresses.add(p.address());
                    flags.write(p.flags());
                }
            }
            d.put("added" + suffix, CompactPeers.encode(addresses, v6));
            d.put("added" + suffix + ".f", flags.toByteArray());
            d.put("dropped" + suffix, CompactPeers.encode(dropped, v6));
        }
        return BencodeWriter.encode(d);
    }

    /**
     * Reads a payload, keeping at most {@link #MAX_PEERS} added and dropped peers. Missing keys mean none; a flags
     * string shorter than its peers gives the rest no flags.
     *
     * @throws PexException when the payload is too long, not a dictionary, or a peer list has a ragged length
     */
    public static PexMessage decode(byte[] payload) {
        if (payload.length > MAX_BYTES) {
            throw new PexException("ut_pex message of " + payload.length + " bytes is longer than " + MAX_BYTES);
        }
        Map<String, Object> d;
        try {
            d = BencodeReader.dictionary(payload);
        } catch (BencodeException e) {
            throw new PexException("ut_pex message is not a bencoded dictionary: " + e.getMessage());
        }
        List<PexPeer> added = new ArrayList<>();
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (boolean v6 : new boolean[] {false, true}) {
            String suffix = v6 ? "6" : "";
            int stride = v6 ? CompactPeers.IPV6_STRIDE : CompactPeers.IPV4_STRIDE;
            byte[] peers = bytes(d, "added" + suffix);
            byte[] flags = bytes(d, "added" + suffix + ".f");
            checkStride("added" + suffix, peers, stride);
            for (int i = 0; i < peers.length / stride && added.size() < MAX_PEERS; i++) {
                InetSocketAddress a = CompactPeers.peer(peers, i * stride, stride);
                if (a != null) {
                    added.add(new PexPeer(a, i < flags.length ? flags[i] & 0xff : 0));
                }
            }
            byte[] gone = bytes(d, "dropped" + suffix);
            CompactPeers.decode(gone, 0, gone.length, stride, "ut_pex dropped" + suffix,
                    MAX_PEERS, dropped, PexException::new);
        }
        return new PexMessage(added, dropped);
    }

    private static void checkStride(String key, byte[] peers, int stride) {
        if (peers.length % stride != 0) {
            throw new PexException("ut_pex " + key + " length " + peers.length + " is not a multiple of " + stride);
        }
    }

    private static byte[] bytes(Map<String, Object> d, String key) {
        Object v = d.get(key);
        if (v == null) {
            return new byte[0];
        }
        if (!(v instanceof ByteBuffer b)) {
            throw new PexException("ut_pex " + key + " is not a string");
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static boolean isV6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }
}
