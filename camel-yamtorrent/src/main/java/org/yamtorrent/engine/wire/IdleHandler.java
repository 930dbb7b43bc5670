package org.yamtorrent.engine.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a quiet connection alive and drops a silent peer: sends a keep-alive after {@code keepAliveInterval}
 * without any write (BEP 3 suggests two minutes), and closes the channel with a {@link WireException} after
 * {@code readIdleTimeout} without any byte from the peer. {@link Duration#ZERO} disables either. Install it between
 * the {@link MessageEncoder} (nearer the head), which encodes its keep-alives, and the decoders.
 */
public final class IdleHandler extends IdleStateHandler {

    public IdleHandler(Duration keepAliveInterval, Duration readIdleTimeout) {
        super(readIdleTimeout.toMillis(), keepAliveInterval.toMillis(), 0, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (event.state() == IdleState.WRITER_IDLE) {
            ctx.writeAndFlush(PeerMessage.Signal.KEEP_ALIVE);
        } else if (event.state() == IdleState.READER_IDLE) {
            WireDecoder.reject(ctx, new WireException("peer sent nothing for " + getReaderIdleTimeInMillis()
                    + " ms"));
        }
    }
}
