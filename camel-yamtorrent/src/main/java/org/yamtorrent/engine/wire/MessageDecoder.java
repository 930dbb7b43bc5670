package org.yamtorrent.engine.wire;

import static org.yamtorrent.engine.wire.MessageId.ALLOWED_FAST;
import static org.yamtorrent.engine.wire.MessageId.BITFIELD;
import static org.yamtorrent.engine.wire.MessageId.CANCEL;
import static org.yamtorrent.engine.wire.MessageId.CHOKE;
import static org.yamtorrent.engine.wire.MessageId.EXTENDED;
import static org.yamtorrent.engine.wire.MessageId.HASHES;
import static org.yamtorrent.engine.wire.MessageId.HASH_REJECT;
import static org.yamtorrent.engine.wire.MessageId.HASH_REQUEST;
import static org.yamtorrent.engine.wire.MessageId.HAVE;
import static org.yamtorrent.engine.wire.MessageId.HAVE_ALL;
import static org.yamtorrent.engine.wire.MessageId.HAVE_NONE;
import static org.yamtorrent.engine.wire.MessageId.INTERESTED;
import static org.yamtorrent.engine.wire.MessageId.NOT_INTERESTED;
import static org.yamtorrent.engine.wire.MessageId.PIECE;
import static org.yamtorrent.engine.wire.MessageId.PORT;
import static org.yamtorrent.engine.wire.MessageId.REJECT_REQUEST;
import static org.yamtorrent.engine.wire.MessageId.REQUEST;
import static org.yamtorrent.engine.wire.MessageId.SUGGEST;
import static org.yamtorrent.engine.wire.MessageId.UNCHOKE;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.wire.PeerMessage.AllowedFast;
import org.yamtorrent.engine.wire.PeerMessage.Cancel;
import org.yamtorrent.engine.wire.PeerMessage.Extended;
import org.yamtorrent.engine.wire.PeerMessage.Have;
import org.yamtorrent.engine.wire.PeerMessage.Piece;
import org.yamtorrent.engine.wire.PeerMessage.Port;
import org.yamtorrent.engine.wire.PeerMessage.RejectRequest;
import org.yamtorrent.engine.wire.PeerMessage.Request;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.PeerMessage.Suggest;
import org.yamtorrent.engine.wire.PeerMessage.Unknown;

/**
 * Splits the byte stream after the handshake into {@link PeerMessage}s, one torrent's limits per connection.
 *
 * <p>A frame is {@code <length:4><id:1><payload>}. The length is checked against the limit as soon as its four
 * bytes are in, and the id-specific length as soon as the id byte is, so an oversized or malformed frame closes
 * the channel before its body is buffered. Bytes accumulate in Netty's cumulation buffer only as they arrive;
 * nothing is allocated for the declared length. Piece blocks and extended payloads are retained slices of that
 * buffer (see {@link Piece} for who releases them); bitfields are copied, once per connection. Unknown ids come
 * out as {@link Unknown} at once and their payload is discarded as it streams in.
 *
 * <p>Range checks that need session state (piece index below the piece count, request length, fast messages
 * only after both sides set the fast bit) are the session's.
 */
public final class MessageDecoder extends WireDecoder {

    /** The largest block a piece message may carry: 128 KiB, eight times the 16 KiB clients request. */
    public static final int MAX_BLOCK_LENGTH = 128 * 1024;

    private static final int PIECE_HEADER = 9;

    private final int pieceCount;
    private final int maxBitfieldLength;
    private final int maxLength;
    private int skip;

    /**
     * @param pieceCount the torrent's piece count, which bounds the bitfield message; for a magnet link whose
     *                   metadata is not known yet, an upper bound on it
     */
    public MessageDecoder(int pieceCount) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("piece count " + pieceCount + " is negative");
        }
        this.pieceCount = pieceCount;
        this.maxBitfieldLength = 1 + Bitfield.byteLength(pieceCount);
        this.maxLength = Math.max(PIECE_HEADER + MAX_BLOCK_LENGTH, maxBitfieldLength);
        // A socket read rarely ends on a frame boundary, so the merging cumulator would copy nearly every read into
        // the leftover of the previous one before the block copy below: the composite one adds the read instead.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    /** The largest length prefix accepted: the larger of a piece message with the biggest block and a bitfield. */
    public int maxLength() {
        return maxLength;
    }

    @Override
    void decodeWire(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (skip > 0) {
            int n = Math.min(skip, in.readableBytes());
            in.skipBytes(n);
            skip -= n;
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int at = in.readerIndex();
        long length = in.getUnsignedInt(at);
        if (length > maxLength) {
            throw new WireException("message length " + length + " exceeds limit " + maxLength);
        }
        if (length == 0) {
            in.skipBytes(4);
            out.add(Signal.KEEP_ALIVE);
            return;
        }
        if (in.readableBytes() < 5) {
            return;
        }
        int id = in.getUnsignedByte(at + 4);
        int payload = (int) length - 1;
        if (!checkLength(id, (int) length)) {
            in.skipBytes(5);
            skip = payload;
            out.add(new Unknown(id, payload));
            return;
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(5);
        out.add(read(id, payload, in));
    }

    /** Throws when a known id has the wrong length; returns false for an id we do not know. */
    private boolean checkLength(int id, int length) {
        switch (id) {
            case CHOKE, UNCHOKE, INTERESTED, NOT_INTERESTED, HAVE_ALL, HAVE_NONE -> exactly(id, length, 1);
            case HAVE, SUGGEST, ALLOWED_FAST -> exactly(id, length, 5);
            case REQUEST, CANCEL, REJECT_REQUEST -> exactly(id, length, 13);
            case PORT -> exactly(id, length, 3);
            case HASH_REQUEST, HASH_REJECT -> exactly(id, length, 1 + HashRange.LENGTH);
            case HASHES -> {
                if (length < 1 + HashRange.LENGTH + 64 || (length - 1 - HashRange.LENGTH) % 32 != 0) {
                    throw new WireException("hashes length " + length + " is not " + (1 + HashRange.LENGTH)
                            + " plus two or more 32-byte hashes");
                }
            }
            case BITFIELD -> {
                if (length < 2 || length > maxBitfieldLength) {
                    throw new WireException("bitfield length " + length + " is outside 2.." + maxBitfieldLength
                            + " for " + pieceCount + " pieces");
                }
            }
            case PIECE -> {
                if (length <= PIECE_HEADER || length > PIECE_HEADER + MAX_BLOCK_LENGTH) {
                    throw new WireException("piece length " + length + " is outside " + (PIECE_HEADER + 1) + ".."
                            + (PIECE_HEADER + MAX_BLOCK_LENGTH));
                }
            }
            case EXTENDED -> {
                if (length < 2) {
                    throw new WireException("extended length 1 has no extended message id");
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void exactly(int id, int length, int expected) {
        if (length != expected) {
            throw new WireException(MessageId.name(id) + " length " + length + " is not " + expected);
        }
    }

    private static PeerMessage read(int id, int payload, ByteBuf in) {
        return switch (id) {
            case CHOKE -> Signal.CHOKE;
            case UNCHOKE -> Signal.UNCHOKE;
            case INTERESTED -> Signal.INTERESTED;
            case NOT_INTERESTED -> Signal.NOT_INTERESTED;
            case HAVE_ALL -> Signal.HAVE_ALL;
            case HAVE_NONE -> Signal.HAVE_NONE;
            case HAVE -> new Have(field(in, "have index"));
            case SUGGEST -> new Suggest(field(in, "suggest piece index"));
            case ALLOWED_FAST -> new AllowedFast(field(in, "allowed fast index"));
            case REQUEST -> new Request(field(in, "request index"), field(in, "request begin"),
                    field(in, "request length"));
            case CANCEL -> new Cancel(field(in, "cancel index"), field(in, "cancel begin"),
                    field(in, "cancel length"));
            case REJECT_REQUEST -> new RejectRequest(field(in, "reject request index"),
                    field(in, "reject request begin"), field(in, "reject request length"));
            case PORT -> new Port(in.readUnsignedShort());
            case HASH_REQUEST -> new PeerMessage.HashRequest(HashRange.read(in, "hash request"));
            case HASH_REJECT -> new PeerMessage.HashReject(HashRange.read(in, "hash reject"));
            case HASHES -> hashes(in, payload);
            case BITFIELD -> {
                byte[] bits = new byte[payload];
                in.readBytes(bits);
                yield new PeerMessage.Bitfield(bits);
            }
            case PIECE -> {
                int index = field(in, "piece index");
                int begin = field(in, "piece begin");
                // A copy into a pooled block, not a slice: a slice would pin the whole read buffer while the
                // block waits for the disk, and force Netty to allocate a fresh cumulation buffer on every read.
                ByteBuf block = in.alloc().directBuffer(payload - 8);
                block.writeBytes(in, payload - 8);
                yield new Piece(index, begin, block);
            }
            case EXTENDED -> {
                int extendedId = in.readUnsignedByte();
                yield new Extended(extendedId, in.readRetainedSlice(payload - 1));
            }
            default -> throw new AssertionError("checkLength accepted unknown id " + id);
        };
    }

    private static PeerMessage.Hashes hashes(ByteBuf in, int payload) {
        HashRange range = HashRange.read(in, "hashes");
        int count = (payload - HashRange.LENGTH) / 32;
        if (count < range.length()) {
            throw new WireException("hashes: " + count + " hashes, fewer than the " + range.length() + " asked for");
        }
        byte[] hashes = new byte[count * 32];
        in.readBytes(hashes);
        return new PeerMessage.Hashes(range, hashes);
    }

    /** Index, begin and length are unsigned 32-bit on the wire; none of ours exceeds an int, so larger is hostile. */
    private static int field(ByteBuf in, String name) {
        int value = in.readInt();
        if (value < 0) {
            throw new WireException(name + " " + Integer.toUnsignedString(value) + " exceeds 2147483647");
        }
        return value;
    }
}
