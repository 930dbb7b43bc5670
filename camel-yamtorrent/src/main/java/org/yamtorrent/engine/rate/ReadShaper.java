package org.yamtorrent.engine.rate;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.ReadGate;

/**
 * Shapes what one peer channel reads to its torrent's download {@link Throttle}. It sits after the message decoder,
 * so it sees whole messages and counts only block payload ({@code piece} messages): protocol messages cost nothing.
 * When a block leaves the throttle in debt it pauses reading through the channel's {@link ReadGate} (Netty stops
 * reading the socket, the peer's TCP window fills) and schedules one wake-up on the event loop for when the debt
 * is paid; a wake-up that finds the throttle in debt again (the session's bucket is shared) schedules the next.
 * Nothing polls. State is the event loop's.
 */
public final class ReadShaper extends ChannelInboundHandlerAdapter {

    /** Its name in the pipeline: between the message decoder and the session's handler. */
    public static final String NAME = "shaper";

    private final Throttle throttle;
    private final ReadGate gate;
    private boolean paused;

    public ReadShaper(Throttle throttle, ReadGate gate) {
        this.throttle = throttle;
        this.gate = gate;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PeerMessage.Piece piece) {
            throttle.take(piece.length());
            if (!paused) {
                long wait = throttle.waitNanos();
                if (wait > 0) {
                    paused = true;
                    gate.pause(ReadGate.Reason.RATE);
                    wakeAfter(ctx, wait);
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void wakeAfter(ChannelHandlerContext ctx, long nanos) {
        ctx.executor().schedule(() -> wake(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void wake(ChannelHandlerContext ctx) {
        long wait = throttle.waitNanos();
        if (wait > 0 && ctx.channel().isActive()) {
            wakeAfter(ctx, wait);
            return;
        }
        paused = false;
        gate.resume(ReadGate.Reason.RATE);
    }
}
