package org.yamtorrent.engine.wire;

import java.util.Arrays;
import java.util.HexFormat;

import io.netty.buffer.ByteBuf;

/**
 * BEP 52: a range of one file's merkle tree, the payload of {@link PeerMessage.HashRequest} and
 * {@link PeerMessage.HashReject} and the head of {@link PeerMessage.Hashes}: {@code length} hashes from
 * {@code index} of the layer {@code baseLayer} layers above the 16 KiB leaves, in the tree whose root is the file's
 * {@code piecesRoot}, with uncle hashes up to {@code proofLayers} layers above them. The decoder has checked what
 * BEP 52 requires of every range: length a power of two of at least 2, index a multiple of length, and layer
 * numbers that fit a tree of at most 2^{@value #MAX_LAYERS} leaves.
 */
public record HashRange(byte[] piecesRoot, int baseLayer, int index, int length, int proofLayers) {

    /** Bytes on the wire: the 32-byte root and four 32-bit numbers. */
    public static final int LENGTH = 32 + 16;
    /** More layers than any tree of 16 KiB blocks in a file below 2^63 bytes can have. */
    public static final int MAX_LAYERS = 49;

    public HashRange {
        if (piecesRoot.length != 32) {
            throw new IllegalArgumentException("a pieces root has 32 bytes, not " + piecesRoot.length);
        }
        piecesRoot = piecesRoot.clone();
    }

    @Override
    public byte[] piecesRoot() {
        return piecesRoot.clone();
    }

    /** Reads and checks a range of the message {@code what} ("hash request"). */
    static HashRange read(ByteBuf in, String what) {
        byte[] root = new byte[32];
        in.readBytes(root);
        int base = in.readInt();
        int index = in.readInt();
        int length = in.readInt();
        int proof = in.readInt();
        if (base < 0 || base >= MAX_LAYERS || proof < 0 || proof >= MAX_LAYERS) {
            throw new WireException(what + ": base layer " + Integer.toUnsignedString(base) + " or proof layers "
                    + Integer.toUnsignedString(proof) + " outside 0.." + (MAX_LAYERS - 1));
        }
        if (length < 2 || Integer.bitCount(length) != 1) {
            throw new WireException(what + ": length " + Integer.toUnsignedString(length)
                    + " is not a power of two of at least 2");
        }
        if (index < 0 || index % length != 0) {
            throw new WireException(what + ": index " + Integer.toUnsignedString(index)
                    + " is not a multiple of length " + length);
        }
        return new HashRange(root, base, index, length, proof);
    }

    void write(ByteBuf out) {
        out.writeBytes(piecesRoot).writeInt(baseLayer).writeInt(index).writeInt(length).writeInt(proofLayers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashRange r && Arrays.equals(r.piecesRoot, piecesRoot) && r.baseLayer == baseLayer
                && r.index == index && r.length == length && r.proofLayers == proofLayers;
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(piecesRoot) * 31 + baseLayer) * 31 + index) * 31 + length;
    }

    @Override
    public String toString() {
        return "HashRange[root=" + HexFormat.of().formatHex(piecesRoot, 0, 8) + "..., base=" + baseLayer + ", index="
                + index + ", length=" + length + ", proof=" + proofLayers + "]";
    }
}
