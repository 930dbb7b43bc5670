package org.yamtorrent.engine.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * The 68-byte BEP 3 handshake: {@code <19>"BitTorrent protocol"}, 8 reserved bytes whose bits advertise
 * extensions, the info-hash and the sender's 20-byte peer id. Immutable.
 */
public final class Handshake {

    public static final int LENGTH = 68;
    public static final int PEER_ID_LENGTH = 20;
    public static final int RESERVED_LENGTH = 8;

    static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    private final byte[] reserved;
    private final Set<Feature> features;
    private final InfoHash infoHash;
    private final byte[] peerId;

    public Handshake(byte[] reserved, InfoHash infoHash, byte[] peerId) {
        if (reserved.length != RESERVED_LENGTH) {
            throw new IllegalArgumentException("handshake reserved has 8 bytes, not " + reserved.length);
        }
        if (peerId.length != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("handshake peer id has 20 bytes, not " + peerId.length);
        }
        this.reserved = reserved.clone();
        this.features = Collections.unmodifiableSet(Feature.of(reserved));
        this.infoHash = infoHash;
        this.peerId = peerId.clone();
    }

    /** Our own handshake, advertising {@code features} in the reserved bytes. */
    public static Handshake of(InfoHash infoHash, byte[] peerId, Set<Feature> features) {
        return new Handshake(Feature.reserved(features), infoHash, peerId);
    }

    /**
     * Reads exactly {@link #LENGTH} bytes; the caller checks that they are there. A wrong protocol name throws
     * WireException.
     */
    public static Handshake decode(ByteBuf in) {
        checkProtocol(in);
        in.skipBytes(1 + PROTOCOL.length);
        byte[] reserved = new byte[RESERVED_LENGTH];
        in.readBytes(reserved);
        byte[] hash = new byte[InfoHash.LENGTH];
        in.readBytes(hash);
        byte[] peerId = new byte[PEER_ID_LENGTH];
        in.readBytes(peerId);
        return new Handshake(reserved, InfoHash.of(hash), peerId);
    }

    /**
     * Checks as much of the 20-byte protocol prefix as is readable, without consuming it, so a decoder can drop a
     * peer that does not speak BitTorrent after its first wrong byte instead of after 68.
     */
    static void checkProtocol(ByteBuf in) {
        int at = in.readerIndex();
        int available = Math.min(in.readableBytes(), 1 + PROTOCOL.length);
        if (available > 0 && in.getUnsignedByte(at) != PROTOCOL.length) {
            throw new WireException("handshake protocol name length " + in.getUnsignedByte(at) + " is not 19");
        }
        for (int i = 1; i < available; i++) {
            if (in.getByte(at + i) != PROTOCOL[i - 1]) {
                throw new WireException("handshake protocol name is not 'BitTorrent protocol'");
            }
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(PROTOCOL.length).writeBytes(PROTOCOL).writeBytes(reserved).writeBytes(infoHash.bytes())
                .writeBytes(peerId);
    }

    /** What the sender advertised in its reserved bytes (unmodifiable). */
    public Set<Feature> features() {
        return features;
    }

    public boolean supports(Feature feature) {
        return features.contains(feature);
    }

    public byte[] reserved() {
        return reserved.clone();
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && Arrays.equals(h.reserved, reserved) && h.infoHash.equals(infoHash)
                && Arrays.equals(h.peerId, peerId);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(reserved) * 31 + infoHash.hashCode()) * 31 + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        return "Handshake[" + infoHash.hex() + ", peer " + HexFormat.of().formatHex(peerId) + ", reserved "
                + HexFormat.of().formatHex(reserved) + "]";
    }
}
