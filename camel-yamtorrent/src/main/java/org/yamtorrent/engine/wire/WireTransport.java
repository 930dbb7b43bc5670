package org.yamtorrent.engine.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty plumbing under peer connections: event loops (epoll where the platform has it, else NIO), a listening
 * socket, outgoing connects, socket options, and the codec pipeline every connection starts with:
 *
 * <pre>
 * head - "encoder" {@link MessageEncoder} - "idle" {@link IdleHandler} - "handshake" {@link HandshakeDecoder}
 *      (replaced by "messages" {@link MessageDecoder} after the handshake) - the session's handlers - tail
 * </pre>
 *
 * The session adds its handlers in the {@code session} callback of {@link #listen} or {@link #connect}; it owns
 * the protocol logic, sends our handshake, and hands disk and hashing work to other threads. Close to stop every
 * connection and thread.
 */
public final class WireTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WireTransport.class);
    private static final MessageEncoder ENCODER = new MessageEncoder();

    /**
     * @param ioThreads          event loop threads, 0 for Netty's default (twice the cores)
     * @param nativeTransport    use epoll when {@link Epoll#isAvailable()}; false forces NIO
     * @param allocator          buffer allocator for every channel
     * @param socketBufferBytes  SO_RCVBUF and SO_SNDBUF; the outbound queue's water marks are 1x (low) and 2x
     *                           (high) this, so {@code Channel.isWritable()} turns false once 2x is queued
     * @param connectTimeout     for outgoing connects
     * @param handshakeTimeout   for the peer's whole handshake after connecting
     * @param keepAliveInterval  send a keep-alive after this long without writing; zero disables
     * @param readIdleTimeout    close after this long without reading; zero disables
     */
    public record Settings(int ioThreads, boolean nativeTransport, ByteBufAllocator allocator,
            int socketBufferBytes, Duration connectTimeout, Duration handshakeTimeout, Duration keepAliveInterval,
            Duration readIdleTimeout) {

        public Settings {
            if (ioThreads < 0 || socketBufferBytes <= 0 || socketBufferBytes > 1 << 29) {
                throw new IllegalArgumentException("wire settings: ioThreads " + ioThreads + " or socketBufferBytes "
                        + socketBufferBytes + " out of range");
            }
            if (connectTimeout.toMillis() > Integer.MAX_VALUE || connectTimeout.isNegative()
                    || keepAliveInterval.isNegative() || readIdleTimeout.isNegative()) {
                throw new IllegalArgumentException("wire settings: a timeout is negative or too long");
            }
        }

        /** Sized for loopback and LAN peers: 2 MiB socket buffers, two-minute keep-alives, three-minute silence. */
        public static Settings defaults() {
            return new Settings(0, true, PooledByteBufAllocator.DEFAULT, 2 << 20, Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(3));
        }
    }

    private final Settings settings;
    private final boolean epoll;
    private final EventLoopGroup group;

    public WireTransport(Settings settings) {
        this.settings = settings;
        this.epoll = settings.nativeTransport() && Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("yamtorrent-wire", true);
        this.group = epoll ? new EpollEventLoopGroup(settings.ioThreads(), threads)
                : new NioEventLoopGroup(settings.ioThreads(), threads);
        LOG.debug("wire transport on {}", epoll ? "epoll" : "nio");
    }

    /** True when the channels are epoll's rather than NIO's. */
    public boolean isNative() {
        return epoll;
    }

    /**
     * Listens on {@code local} (port 0 picks a free one; read it from the returned channel's local address) and
     * blocks until bound. Each accepted connection gets the codec pipeline, then {@code session} is called with it
     * on its event loop.
     *
     * @param pieceCount see {@link HandshakeDecoder#HandshakeDecoder(ToIntFunction, Duration)}
     * @throws WireException when the address cannot be bound
     */
    public Channel listen(InetSocketAddress local, ToIntFunction<Handshake> pieceCount, Consumer<Channel> session) {
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.ALLOCATOR, settings.allocator())
                // Set before listen() so accepted sockets inherit a window scale big enough for this buffer.
                .option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
                .childHandler(initializer(pieceCount, session));
        socketOptions(bootstrap::childOption);
        ChannelFuture bound = bootstrap.bind(local).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new WireException("listen on " + local + ": " + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    /**
     * Connects to {@code remote}; the channel gets the codec pipeline and {@code session} is called with it before
     * the connect completes, so the session's channelActive sends our handshake. Failure (refused, timed out) is
     * reported through the returned future.
     */
    public ChannelFuture connect(InetSocketAddress remote, ToIntFunction<Handshake> pieceCount,
            Consumer<Channel> session) {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(initializer(pieceCount, session));
        socketOptions(bootstrap::option);
        return bootstrap.connect(remote);
    }

    /**
     * Installs the codec handlers on a fresh pipeline, as {@link #listen} and {@link #connect} do; public so a
     * session test can build the same pipeline on an EmbeddedChannel.
     */
    public static void initPipeline(ChannelPipeline pipeline, Settings settings, ToIntFunction<Handshake> pieceCount) {
        pipeline.addLast("encoder", ENCODER)
                .addLast("idle", new IdleHandler(settings.keepAliveInterval(), settings.readIdleTimeout()))
                .addLast("handshake", new HandshakeDecoder(pieceCount, settings.handshakeTimeout()));
    }

    private ChannelInitializer<Channel> initializer(ToIntFunction<Handshake> pieceCount, Consumer<Channel> session) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                initPipeline(channel.pipeline(), settings, pieceCount);
                session.accept(channel);
            }
        };
    }

    private interface OptionSetter {
        <T> void set(ChannelOption<T> option, T value);
    }

    private void socketOptions(OptionSetter option) {
        int buffer = settings.socketBufferBytes();
        option.set(ChannelOption.ALLOCATOR, settings.allocator());
        option.set(ChannelOption.TCP_NODELAY, true);
        option.set(ChannelOption.SO_RCVBUF, buffer);
        option.set(ChannelOption.SO_SNDBUF, buffer);
        option.set(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(buffer, 2 * buffer));
    }

    /** Closes every channel and stops the event loop threads; waits a few seconds at most. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
