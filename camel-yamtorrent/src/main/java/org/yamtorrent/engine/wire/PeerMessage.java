package org.yamtorrent.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Arrays;

/**
 * A message of the peer wire protocol after the handshake (BEP 3, BEP 5 port, BEP 6 fast extension, BEP 10
 * extended, BEP 52 hash transfer). {@link MessageDecoder} produces them and {@link MessageEncoder} writes them.
 *
 * <p>All types are immutable. The payload-less ones are the constants of {@link Signal}, so decoding them
 * allocates nothing. {@link Piece} and {@link Extended} carry a {@link ByteBuf} and are reference counted: see
 * their javadoc for who releases them. A session dispatches with {@code switch (message.id())} on the
 * {@link MessageId} constants or with {@code instanceof}.
 */
public sealed interface PeerMessage {

    /** The wire id from {@link MessageId}; {@link MessageId#KEEP_ALIVE} for a keep-alive. */
    int id();

    /** The messages without payload. */
    enum Signal implements PeerMessage {
        KEEP_ALIVE(MessageId.KEEP_ALIVE),
        CHOKE(MessageId.CHOKE),
        UNCHOKE(MessageId.UNCHOKE),
        INTERESTED(MessageId.INTERESTED),
        NOT_INTERESTED(MessageId.NOT_INTERESTED),
        /** BEP 6: the peer has every piece; only valid as the first message after the handshake. */
        HAVE_ALL(MessageId.HAVE_ALL),
        /** BEP 6: the peer has no piece; only valid as the first message after the handshake. */
        HAVE_NONE(MessageId.HAVE_NONE);

        private final int id;

        Signal(int id) {
            this.id = id;
        }

        @Override
        public int id() {
            return id;
        }
    }

    /** The peer completed and verified piece {@code index}. */
    record Have(int index) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.HAVE;
        }
    }

    /**
     * The pieces the peer has, in BEP 3 wire layout. The decoder only bounds the length by the torrent's piece
     * count; {@link #toBitfield(int)} checks it exactly.
     */
    record Bitfield(byte[] bytes) implements PeerMessage {

        public Bitfield {
            bytes = bytes.clone();
        }

        public static Bitfield of(org.yamtorrent.engine.Bitfield have) {
            return new Bitfield(have.toBytes());
        }

        /** Reads the bits for a torrent of {@code pieceCount} pieces; BEP 3 says to drop a peer that fails this. */
        public org.yamtorrent.engine.Bitfield toBitfield(int pieceCount) {
            int expected = org.yamtorrent.engine.Bitfield.byteLength(pieceCount);
            if (bytes.length != expected) {
                throw new WireException("bitfield length " + bytes.length + " is not " + expected + " for "
                        + pieceCount + " pieces");
            }
            org.yamtorrent.engine.Bitfield have = org.yamtorrent.engine.Bitfield.fromBytes(bytes, pieceCount);
            if (have == null) {
                throw new WireException("bitfield sets spare bits after piece " + (pieceCount - 1));
            }
            return have;
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The number of bytes, without copying them. */
        public int length() {
            return bytes.length;
        }

        @Override
        public int id() {
            return MessageId.BITFIELD;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield b && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bytes.length + " bytes]";
        }
    }

    /** Asks for {@code length} bytes of piece {@code index} from offset {@code begin}. */
    record Request(int index, int begin, int length) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.REQUEST;
        }
    }

    /**
     * A block of piece {@code index} at offset {@code begin}. Reference counted through its block.
     *
     * <p>Received: the block is a pooled direct buffer of its own, copied once out of the socket's read buffer so
     * that buffer is reused at once. The handler that takes the Piece owns it and must call {@link #release()}
     * once the block is stored, on any thread; a Piece no handler consumes is released by Netty's pipeline tail.
     * A session bounds how many it holds by pausing reads (see the package doc).
     *
     * <p>Sent: {@link MessageEncoder} writes the 13-byte header and then the block buffer itself, so the channel
     * owns the Piece after {@code write} and releases it once sent.
     */
    final class Piece extends DefaultByteBufHolder implements PeerMessage {

        private final int index;
        private final int begin;

        public Piece(int index, int begin, ByteBuf block) {
            super(block);
            this.index = index;
            this.begin = begin;
        }

        public int index() {
            return index;
        }

        public int begin() {
            return begin;
        }

        /** The block bytes, readable from its reader index; valid until the Piece is released. */
        public ByteBuf block() {
            return content();
        }

        public int length() {
            return content().readableBytes();
        }

        @Override
        public int id() {
            return MessageId.PIECE;
        }

        @Override
        public Piece replace(ByteBuf block) {
            return new Piece(index, begin, block);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Piece p && p.index == index && p.begin == begin && super.equals(o);
        }

        @Override
        public int hashCode() {
            return (index * 31 + begin) * 31 + super.hashCode();
        }

        @Override
        public String toString() {
            return "Piece[index=" + index + ", begin=" + begin + ", " + contentToString() + "]";
        }
    }

    /** Withdraws an earlier {@link Request}. */
    record Cancel(int index, int begin, int length) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.CANCEL;
        }
    }

    /** BEP 5: the peer's DHT node listens on this UDP port (0-65535). */
    record Port(int port) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.PORT;
        }
    }

    /** BEP 6: the peer suggests downloading piece {@code index}. */
    record Suggest(int index) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.SUGGEST;
        }
    }

    /** BEP 6: the peer will not serve this {@link Request}. */
    record RejectRequest(int index, int begin, int length) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.REJECT_REQUEST;
        }
    }

    /** BEP 6: the peer serves piece {@code index} even while it chokes us. */
    record AllowedFast(int index) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.ALLOWED_FAST;
        }
    }

    /**
     * BEP 10: an extension message; {@code extendedId} 0 is the extension handshake, others are the ids the
     * receiver assigned in its handshake's {@code m} dictionary. The payload is bencoded and may be followed by
     * raw data (BEP 9). Reference counted exactly like {@link Piece}: received payloads are retained slices the
     * receiver releases, sent ones are released by the channel.
     */
    final class Extended extends DefaultByteBufHolder implements PeerMessage {

        private final int extendedId;

        public Extended(int extendedId, ByteBuf payload) {
            super(payload);
            this.extendedId = extendedId;
        }

        public int extendedId() {
            return extendedId;
        }

        public ByteBuf payload() {
            return content();
        }

        @Override
        public int id() {
            return MessageId.EXTENDED;
        }

        @Override
        public Extended replace(ByteBuf payload) {
            return new Extended(extendedId, payload);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended e && e.extendedId == extendedId && super.equals(o);
        }

        @Override
        public int hashCode() {
            return extendedId * 31 + super.hashCode();
        }

        @Override
        public String toString() {
            return "Extended[id=" + extendedId + ", " + contentToString() + "]";
        }
    }

    /** BEP 52: asks for the hashes of {@code range}; answered by {@link Hashes} or {@link HashReject}. */
    record HashRequest(HashRange range) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.HASH_REQUEST;
        }
    }

    /** BEP 52: the peer will not serve the {@link HashRequest} for {@code range}. */
    record HashReject(HashRange range) implements PeerMessage {
        @Override
        public int id() {
            return MessageId.HASH_REJECT;
        }
    }

    /**
     * BEP 52: the answer to a {@link HashRequest}: {@code range.length()} hashes of the base layer, then the uncle
     * hashes from the lowest proof layer needed up to the one nearest the root, 32 bytes each. The decoder checks
     * only that there are at least the base layer's; the proof's count depends on the tree, known to the session.
     */
    record Hashes(HashRange range, byte[] hashes) implements PeerMessage {

        public Hashes {
            if (hashes.length % 32 != 0) {
                throw new IllegalArgumentException(hashes.length + " bytes are not whole 32-byte hashes");
            }
            hashes = hashes.clone();
        }

        @Override
        public byte[] hashes() {
            return hashes.clone();
        }

        public int count() {
            return hashes.length / 32;
        }

        @Override
        public int id() {
            return MessageId.HASHES;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hashes h && h.range.equals(range) && Arrays.equals(h.hashes, hashes);
        }

        @Override
        public int hashCode() {
            return range.hashCode() * 31 + Arrays.hashCode(hashes);
        }

        @Override
        public String toString() {
            return "Hashes[" + range + ", " + count() + " hashes]";
        }
    }

    /**
     * A message whose id this codec does not know. Its {@code length} payload bytes were skipped as they arrived,
     * without buffering, so a session can simply ignore it. Cannot be sent.
     */
    record Unknown(int id, int length) implements PeerMessage {
    }
}
