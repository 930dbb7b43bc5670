package org.yamtorrent.engine.wire;

import static org.yamtorrent.engine.wire.MessageId.ALLOWED_FAST;
import static org.yamtorrent.engine.wire.MessageId.BITFIELD;
import static org.yamtorrent.engine.wire.MessageId.CANCEL;
import static org.yamtorrent.engine.wire.MessageId.EXTENDED;
import static org.yamtorrent.engine.wire.MessageId.HASHES;
import static org.yamtorrent.engine.wire.MessageId.HASH_REJECT;
import static org.yamtorrent.engine.wire.MessageId.HASH_REQUEST;
import static org.yamtorrent.engine.wire.MessageId.HAVE;
import static org.yamtorrent.engine.wire.MessageId.KEEP_ALIVE;
import static org.yamtorrent.engine.wire.MessageId.PIECE;
import static org.yamtorrent.engine.wire.MessageId.PORT;
import static org.yamtorrent.engine.wire.MessageId.REJECT_REQUEST;
import static org.yamtorrent.engine.wire.MessageId.REQUEST;
import static org.yamtorrent.engine.wire.MessageId.SUGGEST;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import java.util.List;
import org.yamtorrent.engine.wire.PeerMessage.AllowedFast;
import org.yamtorrent.engine.wire.PeerMessage.Cancel;
import org.yamtorrent.engine.wire.PeerMessage.Extended;
import org.yamtorrent.engine.wire.PeerMessage.Have;
import org.yamtorrent.engine.wire.PeerMessage.Piece;
import org.yamtorrent.engine.wire.PeerMessage.Port;
import org.yamtorrent.engine.wire.PeerMessage.RejectRequest;
import org.yamtorrent.engine.wire.PeerMessage.Request;
import org.yamtorrent.engine.wire.PeerMessage.Suggest;
import org.yamtorrent.engine.wire.PeerMessage.Unknown;

/**
 * Writes {@link Handshake}s and {@link PeerMessage}s; passes anything else (ByteBuf, FileRegion) through.
 * Stateless, so one instance serves every channel.
 *
 * <p>Each message becomes one exactly sized buffer from the channel's (pooled) allocator. A {@link Piece} or
 * {@link Extended} becomes its header buffer followed by its own payload buffer, which the transport sends with a
 * gathering write instead of a copy. Nothing is flushed here: write many, flush once, or use
 * {@link #writeBatch(Channel, List)} to put many small messages into a single buffer.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends ChannelOutboundHandlerAdapter {

    private static final int PIECE_HEADER = 13;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof PeerMessage message) {
            ByteBuf header = ctx.alloc().buffer(encodedLength(message));
            writeHeader(message, header);
            if (message instanceof ByteBufHolder holder) {
                ctx.write(header);
                ctx.write(holder.content(), promise);
            } else {
                ctx.write(header, promise);
            }
        } else if (msg instanceof Handshake handshake) {
            ByteBuf out = ctx.alloc().buffer(Handshake.LENGTH);
            handshake.encode(out);
            ctx.write(out, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /**
     * Encodes all {@code messages} into one buffer and writes and flushes it once; a Piece or Extended in the list
     * still sends its payload buffer without copying it. Ownership of the messages passes to the channel, as with
     * {@code write}. Returns the future of the last write, which completes after all of them.
     *
     * @throws IllegalArgumentException for an {@link Unknown}, before anything is written
     */
    public static ChannelFuture writeBatch(Channel channel, List<? extends PeerMessage> messages) {
        int size = 0;
        for (PeerMessage message : messages) {
            size += encodedLength(message);
        }
        ByteBuf batch = channel.alloc().buffer(size);
        try {
            int from = 0;
            for (PeerMessage message : messages) {
                writeHeader(message, batch);
                if (message instanceof ByteBufHolder holder) {
                    // The buffer never grows (it is sized exactly), so slices written so far stay valid.
                    channel.write(batch.retainedSlice(from, batch.writerIndex() - from));
                    from = batch.writerIndex();
                    channel.write(holder.content());
                }
            }
            return channel.writeAndFlush(batch.retainedSlice(from, batch.writerIndex() - from));
        } finally {
            batch.release();
        }
    }

    /**
     * Writes a piece message whose block is {@code region} of a file, so the transport can send it with
     * sendfile instead of through the heap. Ownership of {@code region} passes to the channel. Does not flush.
     */
    public static ChannelFuture writePiece(Channel channel, int index, int begin, FileRegion region) {
        long length = region.count();
        if (length > MessageDecoder.MAX_BLOCK_LENGTH) {
            region.release();
            throw new IllegalArgumentException("piece block of " + length + " bytes exceeds "
                    + MessageDecoder.MAX_BLOCK_LENGTH);
        }
        ByteBuf header = channel.alloc().buffer(PIECE_HEADER);
        writePieceHeader(header, index, begin, (int) length);
        channel.write(header);
        return channel.write(region);
    }

    /** The bytes {@link #writeHeader} writes: the whole message, except the payload of a Piece or Extended. */
    static int encodedLength(PeerMessage message) {
        if (message instanceof Unknown) {
            throw new IllegalArgumentException(message + " cannot be sent: its payload was not kept");
        }
        return switch (message.id()) {
            case KEEP_ALIVE -> 4;
            case HAVE, SUGGEST, ALLOWED_FAST -> 9;
            case REQUEST, CANCEL, REJECT_REQUEST -> 17;
            case PORT -> 7;
            case HASH_REQUEST, HASH_REJECT -> 5 + HashRange.LENGTH;
            case HASHES -> 5 + HashRange.LENGTH + ((PeerMessage.Hashes) message).count() * 32;
            case BITFIELD -> 5 + ((PeerMessage.Bitfield) message).length();
            case PIECE -> PIECE_HEADER;
            case EXTENDED -> 6;
            default -> 5;
        };
    }

    static void writeHeader(PeerMessage message, ByteBuf out) {
        switch (message.id()) {
            case KEEP_ALIVE -> out.writeInt(0);
            case HAVE -> writeIndex(out, HAVE, ((Have) message).index());
            case SUGGEST -> writeIndex(out, SUGGEST, ((Suggest) message).index());
            case ALLOWED_FAST -> writeIndex(out, ALLOWED_FAST, ((AllowedFast) message).index());
            case REQUEST -> {
                Request r = (Request) message;
                writeBlock(out, REQUEST, r.index(), r.begin(), r.length());
            }
            case CANCEL -> {
                Cancel c = (Cancel) message;
                writeBlock(out, CANCEL, c.index(), c.begin(), c.length());
            }
            case REJECT_REQUEST -> {
                RejectRequest r = (RejectRequest) message;
                writeBlock(out, REJECT_REQUEST, r.index(), r.begin(), r.length());
            }
            case PORT -> out.writeInt(3).writeByte(PORT).writeShort(((Port) message).port());
            case HASH_REQUEST -> writeRange(out, HASH_REQUEST, ((PeerMessage.HashRequest) message).range(), 0);
            case HASH_REJECT -> writeRange(out, HASH_REJECT, ((PeerMessage.HashReject) message).range(), 0);
            case HASHES -> {
                PeerMessage.Hashes h = (PeerMessage.Hashes) message;
                writeRange(out, HASHES, h.range(), h.count() * 32);
                out.writeBytes(h.hashes());
            }
            case BITFIELD -> {
                byte[] bits = ((PeerMessage.Bitfield) message).bytes();
                out.writeInt(1 + bits.length).writeByte(BITFIELD).writeBytes(bits);
            }
            case PIECE -> {
                Piece p = (Piece) message;
                writePieceHeader(out, p.index(), p.begin(), p.length());
            }
            case EXTENDED -> {
                Extended e = (Extended) message;
                out.writeInt(2 + e.payload().readableBytes()).writeByte(EXTENDED).writeByte(e.extendedId());
            }
            default -> out.writeInt(1).writeByte(message.id());
        }
    }

    private static void writeRange(ByteBuf out, int id, HashRange range, int more) {
        out.writeInt(1 + HashRange.LENGTH + more).writeByte(id);
        range.write(out);
    }

    private static void writeIndex(ByteBuf out, int id, int index) {
        out.writeInt(5).writeByte(id).writeInt(index);
    }

    private static void writeBlock(ByteBuf out, int id, int index, int begin, int length) {
        out.writeInt(13).writeByte(id).writeInt(index).writeInt(begin).writeInt(length);
    }

    private static void writePieceHeader(ByteBuf out, int index, int begin, int length) {
        out.writeInt(9 + length).writeByte(PIECE).writeInt(index).writeInt(begin);
    }
}
