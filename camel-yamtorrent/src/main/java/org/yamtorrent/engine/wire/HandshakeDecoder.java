package org.yamtorrent.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The first inbound handler of a connection: reads the peer's 68-byte {@link Handshake}, fires it, and replaces
 * itself with a {@link MessageDecoder} sized for the torrent the handshake names. Bytes that arrived behind the
 * handshake in the same read go to that decoder, not lost.
 *
 * <p>The protocol name is checked byte by byte as it arrives, so a peer that is not speaking BitTorrent is
 * dropped at its first wrong byte. No complete handshake within the timeout closes the channel too. Either way a
 * {@link WireException} is fired first. Sending our own handshake is the session's job.
 */
public final class HandshakeDecoder extends WireDecoder {

    /** The pipeline name of the {@link MessageDecoder} that replaces this handler. */
    public static final String MESSAGES = "messages";

    private final ToIntFunction<Handshake> pieceCount;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;

    /**
     * @param pieceCount called on the event loop with the peer's handshake, before the session sees it: returns the
     *                   piece count of the torrent it names (see {@link MessageDecoder#MessageDecoder(int)}), or
     *                   throws WireException to refuse the connection, e.g. for an info-hash we do not serve
     * @param timeout    how long the peer has to send its whole handshake once the channel is active
     */
    public HandshakeDecoder(ToIntFunction<Handshake> pieceCount, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout " + timeout + " is not positive");
        }
        this.pieceCount = pieceCount;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startTimeout(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimeout(ctx);
        super.channelActive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private void startTimeout(ChannelHandlerContext ctx) {
        if (timeout == null) {
            timeout = ctx.executor().schedule(
                    () -> reject(ctx, new WireException("handshake not received within " + timeoutMillis + " ms")),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    void decodeWire(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Handshake.checkProtocol(in);
        if (in.readableBytes() < Handshake.LENGTH) {
            return;
        }
        Handshake handshake = Handshake.decode(in);
        MessageDecoder messages = new MessageDecoder(pieceCount.applyAsInt(handshake));
        // Replaced inside decode, ByteToMessageDecoder defers our removal until decode returns: it fires `out`
        // (the handshake) first, then hands the rest of its buffer to the new decoder.
        ctx.pipeline().replace(this, MESSAGES, messages);
        out.add(handshake);
    }
}
