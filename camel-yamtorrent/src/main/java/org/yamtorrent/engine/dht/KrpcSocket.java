package org.yamtorrent.engine.dht;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KRPC over one UDP socket: sends queries and matches responses to them by transaction id <em>and</em> address
 * (a response from anyone else, or with an id we did not send, is dropped), times queries out, and hands incoming
 * queries to the node. Every method runs on the channel's event loop, which owns all of this state.
 */
final class KrpcSocket extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = LoggerFactory.getLogger(KrpcSocket.class);

    /** At most this many of our queries wait for an answer; more fail at once. */
    static final int MAX_PENDING = 1024;

    /** What a query of ours came to. Runs on the event loop. */
    interface Callback {
        void replied(KrpcMessage.Response response, InetSocketAddress from);

        /** No answer in time, an error reply, or the socket closed. */
        void failed();
    }

    /** Incoming queries, with the datagram's size for the amplification rule. */
    interface QueryListener {
        void query(KrpcMessage.Query query, InetSocketAddress from, int size);
    }

    private record Pending(InetSocketAddress to, Callback callback, ScheduledFuture<?> timer) {
    }

    private final Random random = new SecureRandom();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Duration timeout;
    private final Stats stats;
    private QueryListener listener;
    private Channel channel;

    KrpcSocket(Duration timeout, Stats stats) {
        this.timeout = timeout;
        this.stats = stats;
    }

    void attach(Channel channel, QueryListener listener) {
        this.channel = channel;
        this.listener = listener;
    }

    /** Sends {@code query} (its transaction id is replaced by a fresh one) and reports the outcome once. */
    void query(InetSocketAddress to, KrpcMessage.Query query, Callback callback) {
        if (pending.size() >= MAX_PENDING || !channel.isActive()) {
            channel.eventLoop().execute(callback::failed);
            return;
        }
        int tid;
        do {
            tid = random.nextInt();
        } while (pending.containsKey(tid));
        byte[] t = {(byte) (tid >>> 24), (byte) (tid >>> 16), (byte) (tid >>> 8), (byte) tid};
        KrpcMessage.Query q = new KrpcMessage.Query(t, query.method(), query.id(), query.target(), query.port(),
                query.impliedPort(), query.token(), query.want4(), query.want6(), query.readOnly());
        int key = tid;
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> timedOut(key), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        pending.put(key, new Pending(to, callback, timer));
        send(to, KrpcCodec.encode(q));
        stats.queriesSent++;
    }

    void send(InetSocketAddress to, byte[] datagram) {
        stats.bytesSent += datagram.length;
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to));
    }

    int pendingCount() {
        return pending.size();
    }

    private void timedOut(int key) {
        Pending p = pending.remove(key);
        if (p != null) {
            stats.timeouts++;
            p.callback.failed();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        byte[] datagram = new byte[content.readableBytes()];
        content.readBytes(datagram);
        InetSocketAddress from = packet.sender();
        stats.datagramsReceived++;
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(datagram);
        } catch (KrpcException e) {
            stats.malformed++;
            LOG.debug("dht: {} from {}", e.getMessage(), from);
            return;
        }
        if (m instanceof KrpcMessage.Query q) {
            listener.query(q, from, datagram.length);
            return;
        }
        Integer key = transactionKey(m.transaction());
        Pending p = key == null ? null : pending.get(key);
        if (p == null || !p.to.equals(from)) {
            stats.unexpected++;
            LOG.debug("dht: a reply from {} to no query of ours", from);
            return;
        }
        pending.remove(key);
        p.timer.cancel(false);
        if (m instanceof KrpcMessage.Response r) {
            p.callback.replied(r, from);
        } else {
            KrpcMessage.Error e = (KrpcMessage.Error) m;
            LOG.debug("dht: error {} '{}' from {}", e.code(), e.message(), from);
            p.callback.failed();
        }
    }

    /** Our transaction ids are 4 bytes; any other length matches nothing. */
    private static Integer transactionKey(byte[] t) {
        if (t.length != 4) {
            return null;
        }
        return (t[0] & 0xff) << 24 | (t[1] & 0xff) << 16 | (t[2] & 0xff) << 8 | t[3] & 0xff;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("dht socket: {}", cause.toString()); // e.g. ICMP port unreachable; the query times out
    }

    /** Fails every query still waiting, when the node stops. */
    void failAll() {
        for (Pending p : pending.values()) {
            p.timer.cancel(false);
            p.callback.failed();
        }
        pending.clear();
    }
}
