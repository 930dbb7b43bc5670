package org.yamtorrent.engine.wire;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a peer can do beyond BEP 3, as advertised by the reserved bytes of its {@link Handshake}. Byte and bit
 * count from the first reserved byte and the high bit, as the BEPs write them.
 */
public enum Feature {
    /** BEP 10 extension protocol: reserved[5] & 0x10. */
    EXTENSION_PROTOCOL(5, 0x10),
    /** BEP 5 DHT: the peer runs a DHT node and may send a PORT message; reserved[7] & 0x01. */
    DHT(7, 0x01),
    /** BEP 6 fast extension: have all/none, reject, suggest, allowed fast; reserved[7] & 0x04. */
    FAST(7, 0x04),
    /** BEP 52 upgrade to v2 for a hybrid torrent: reserved[7] & 0x10. */
    V2_UPGRADE(7, 0x10);

    private final int index;
    private final int bit;

    Feature(int index, int bit) {
        this.index = index;
        this.bit = bit;
    }

    /** The features whose bits are set in {@code reserved}; unknown bits are ignored. */
    public static EnumSet<Feature> of(byte[] reserved) {
        EnumSet<Feature> set = EnumSet.noneOf(Feature.class);
        for (Feature f : values()) {
            if ((reserved[f.index] & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** The 8 reserved bytes advertising {@code features}. */
    public static byte[] reserved(Set<Feature> features) {
        byte[] reserved = new byte[Handshake.RESERVED_LENGTH];
        for (Feature f : features) {
            reserved[f.index] |= (byte) f.bit;
        }
        return reserved;
    }
}
