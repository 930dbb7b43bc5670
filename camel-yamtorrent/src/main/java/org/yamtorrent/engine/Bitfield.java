package org.yamtorrent.engine;

import java.util.Arrays;

/**
 * A set of piece indexes in the wire layout of BEP 3: the high bit of the first byte is piece 0, and the spare
 * bits at the end are zero. Not thread-safe; owners synchronise.
 */
public final class Bitfield {

    private final int size;
    private final long[] words;
    private int cardinality;

    public Bitfield(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        this.size = size;
        this.words = new long[(size + 63) >>> 6];
    }

    /**
     * Reads the wire form. Returns null when the length is not ceil(size/8) or a spare bit is set, which BEP 3
     * says must drop the peer.
     */
    public static Bitfield fromBytes(byte[] bytes, int size) {
        if (bytes.length != byteLength(size)) {
            return null;
        }
        Bitfield b = new Bitfield(size);
        for (int i = 0; i < bytes.length; i++) {
            int v = bytes[i] & 0xff;
            for (int bit = 0; bit < 8 && v != 0; bit++) {
                if ((v & (0x80 >>> bit)) != 0) {
                    int index = i * 8 + bit;
                    if (index >= size) {
                        return null;
                    }
                    b.set(index);
                }
            }
        }
        return b;
    }

    public static int byteLength(int size) {
        return (size + 7) >>> 3;
    }

    public int size() {
        return size;
    }

    public boolean get(int index) {
        check(index);
        return (words[index >>> 6] & (1L << index)) != 0;
    }

    /** Sets the bit; returns true when it was clear. */
    public boolean set(int index) {
        check(index);
        long mask = 1L << index;
        if ((words[index >>> 6] & mask) != 0) {
            return false;
        }
        words[index >>> 6] |= mask;
        cardinality++;
        return true;
    }

    /** Clears the bit; returns true when it was set. */
    public boolean clear(int index) {
        check(index);
        long mask = 1L << index;
        if ((words[index >>> 6] & mask) == 0) {
            return false;
        }
        words[index >>> 6] &= ~mask;
        cardinality--;
        return true;
    }

    public int cardinality() {
        return cardinality;
    }

    public boolean isComplete() {
        return cardinality == size;
    }

    /** The first clear index at or after {@code from}, or -1. */
    public int nextClear(int from) {
        for (int i = Math.max(from, 0); i < size; i = (i | 63) + 1) {
            long w = ~words[i >>> 6] >>> (i & 63);
            if (w != 0) {
                int candidate = i + Long.numberOfTrailingZeros(w);
                return candidate < size ? candidate : -1;
            }
        }
        return -1;
    }

    /** The first set index at or after {@code from}, or -1. */
    public int nextSet(int from) {
        for (int i = Math.max(from, 0); i < size; i = (i | 63) + 1) {
            long w = words[i >>> 6] >>> (i & 63);
            if (w != 0) {
                int candidate = i + Long.numberOfTrailingZeros(w);
                return candidate < size ? candidate : -1;
            }
        }
        return -1;
    }

    public byte[] toBytes() {
        byte[] out = new byte[byteLength(size)];
        for (int i = nextSet(0); i >= 0; i = nextSet(i + 1)) {
            out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return out;
    }

    public Bitfield copy() {
        Bitfield b = new Bitfield(size);
        System.arraycopy(words, 0, b.words, 0, words.length);
        b.cardinality = cardinality;
        return b;
    }

    private void check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("piece " + index + " outside 0.." + (size - 1));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitfield b && b.size == size && Arrays.equals(b.words, words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words) * 31 + size;
    }

    @Override
    public String toString() {
        return "Bitfield[" + cardinality + "/" + size + "]";
    }
}
