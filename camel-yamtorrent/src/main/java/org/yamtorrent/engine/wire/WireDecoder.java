package org.yamtorrent.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both wire decoders do on bad input: fire the {@link WireException} itself (ByteToMessageDecoder would wrap
 * a thrown one in a DecoderException) and close the channel, so no session can forget to.
 */
abstract class WireDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(WireDecoder.class);

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Once rejected, or closed by the session, the bytes still buffered must not turn into messages for a
        // connection nobody serves any more: drop them.
        if (!ctx.channel().isActive()) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeWire(ctx, in, out);
        } catch (WireException e) {
            in.skipBytes(in.readableBytes());
            reject(ctx, e);
        }
    }

    /** Decodes at most one message into {@code out}; returns without consuming when more bytes are needed. */
    abstract void decodeWire(ChannelHandlerContext ctx, ByteBuf in, List<Object> out);

    static void reject(ChannelHandlerContext ctx, WireException e) {
        LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), e.getMessage());
        ctx.fireExceptionCaught(e);
        ctx.close();
    }
}
