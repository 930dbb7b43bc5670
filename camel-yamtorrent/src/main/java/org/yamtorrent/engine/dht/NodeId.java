package org.yamtorrent.engine.dht;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/** A 160-bit DHT node id or lookup target (BEP 5); distances are the XOR metric, compared as unsigned numbers. */
public final class NodeId implements Comparable<NodeId> {

    public static final int LENGTH = 20;
    public static final int BITS = LENGTH * 8;

    private final byte[] bytes;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static NodeId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a node id has 20 bytes, not " + bytes.length);
        }
        return new NodeId(bytes.clone());
    }

    public static NodeId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new NodeId(b);
    }

    /** A random id that shares exactly {@code prefixBits} leading bits with this one (then differs in the next). */
    NodeId randomWithPrefix(int prefixBits, Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        for (int i = 0; i < prefixBits; i++) {
            setBit(b, i, bit(bytes, i));
        }
        if (prefixBits < BITS) {
            setBit(b, prefixBits, !bit(bytes, prefixBits));
        }
        return new NodeId(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The XOR distance to {@code other}, as an id (so it orders like an unsigned 160-bit number). */
    public NodeId distance(NodeId other) {
        byte[] d = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new NodeId(d);
    }

    /** How many leading bits this id shares with {@code other}: 160 for the same id. */
    public int commonPrefix(NodeId other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /** Negative when {@code a} is closer to this id than {@code b}. */
    public int compareDistance(NodeId a, NodeId b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return Integer.compare(da, db);
            }
        }
        return 0;
    }

    private static boolean bit(byte[] b, int i) {
        return (b[i >> 3] & (0x80 >>> (i & 7))) != 0;
    }

    private static void setBit(byte[] b, int i, boolean on) {
        if (on) {
            b[i >> 3] |= (byte) (0x80 >>> (i & 7));
        } else {
            b[i >> 3] &= (byte) ~(0x80 >>> (i & 7));
        }
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId n && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
