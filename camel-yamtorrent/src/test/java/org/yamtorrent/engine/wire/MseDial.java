package org.yamtorrent.engine.wire;

import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * A test connection that makes our MSE initiator's exchange (RC4 required) and then sends a BitTorrent handshake;
 * what arrives, messages and errors alike, goes to a queue.
 */
final class MseDial {

    private MseDial() {
    }

    static Channel open(WireTransport transport, InetSocketAddress peer, Metainfo m, String peerId,
                        BlockingQueue<Object> received) throws InterruptedException {
        return transport.connect(peer, h -> m.pieceCount(), c -> {
            c.pipeline().addFirst(MseHandler.NAME, MseHandler.initiator(Encryption.REQUIRE, m.infoHash().bytes()));
            c.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(new Handshake(new byte[8], m.infoHash(), peerId.getBytes()));
                    ctx.fireChannelActive();
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    received.add(msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    received.add(cause);
                }
            });
        }).sync().channel();
    }
}
