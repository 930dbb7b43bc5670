package org.yamtorrent.engine.lsd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Local Service Discovery (BEP 14): announces our torrents on the LAN multicast groups and reports the peers that
 * announce the same torrents. Private torrents are never announced (BEP 27). Each group gets at most one announce
 * per {@link LsdConfig#minGap()}, carrying the torrents that are due (every {@link LsdConfig#interval()}), as many
 * as fit in {@link LsdMessage#MAX_BYTES}; our own announces come back by multicast loopback and are dropped by
 * their cookie.
 *
 * <p>Threads: one event loop owns the torrent list and timers; {@code onPeer} runs on it and must only hand the
 * peer on.
 */
public final class LocalDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDiscovery.class);

    private final LsdConfig config;
    private final int port;
    private final BiConsumer<InfoHash, InetSocketAddress> onPeer;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("yamtorrent-lsd", true));
    private final String cookie;
    private final List<Group> groups = new ArrayList<>();
    /** Torrent to when it was last announced (0: never), in the order added. Event loop only. */
    private final Map<InfoHash, Long> torrents = new LinkedHashMap<>();

    /** One multicast group and the socket joined to it. */
    private record Group(InetSocketAddress address, String host, DatagramChannel channel, long[] lastSent) {
    }

    /**
     * Joins the configured groups; peers that announce a torrent we announce are passed to {@code onPeer}.
     *
     * @param port the TCP port we take peers on
     */
    public LocalDiscovery(LsdConfig config, int port, BiConsumer<InfoHash, InetSocketAddress> onPeer)
            throws IOException {
        this.config = config;
        this.port = port;
        this.onPeer = onPeer;
        byte[] c = new byte[8];
        new SecureRandom().nextBytes(c);
        this.cookie = HexFormat.of().formatHex(c);
        try {
            for (InetSocketAddress g : config.groups()) {
                groups.add(join(g));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("lsd: " + e.getMessage(), e);
        }
        // a torrent that came while the gap was running goes out at the first tick after it
        long tick = Math.max(config.minGap().toNanos() / 4, 250_000_000L);
        group.next().scheduleWithFixedDelay(this::announceDue, tick, tick, TimeUnit.NANOSECONDS);
    }

    private Group join(InetSocketAddress g) throws IOException {
        boolean v6 = g.getAddress() instanceof Inet6Address;
        NetworkInterface ni = config.networkInterface();
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> new NioDatagramChannel(v6 ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4))
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.IP_MULTICAST_TTL, config.ttl())
                .option(ChannelOption.IP_MULTICAST_IF, ni)
                .handler(new Receiver());
        DatagramChannel ch;
        try {
            ch = (DatagramChannel) b.bind(new InetSocketAddress(g.getPort())).syncUninterruptibly().channel();
            ch.joinGroup(g, ni).syncUninterruptibly();
        } catch (RuntimeException e) {
            throw new IOException("lsd: cannot join " + g + ": " + e.getMessage(), e);
        }
        String host = v6 ? "[" + g.getAddress().getHostAddress() + "]:" + g.getPort()
                : g.getAddress().getHostAddress() + ":" + g.getPort();
        LOG.debug("lsd: joined {} on {}", host, ni.getName());
        return new Group(g, host, ch, new long[] {System.nanoTime() - config.minGap().toNanos()});
    }

    /** Starts announcing {@code infoHash}; a private torrent is refused (returns false). */
    public boolean add(InfoHash infoHash, boolean isPrivate) {
        if (isPrivate) {
            return false;
        }
        group.execute(() -> {
            torrents.putIfAbsent(infoHash, 0L);
            announceDue();
        });
        return true;
    }

    public void remove(InfoHash infoHash) {
        group.execute(() -> torrents.remove(infoHash));
    }

    /** Sends one announce per group whose gap has passed, with the torrents that are due. */
    private void announceDue() {
        long now = System.nanoTime();
        List<InfoHash> due = new ArrayList<>();
        for (Map.Entry<InfoHash, Long> e : torrents.entrySet()) {
            if ((e.getValue() == 0 || now - e.getValue() >= config.interval().toNanos())
                    && due.size() < LsdMessage.MAX_INFO_HASHES) {
                due.add(e.getKey());
            }
        }
        if (due.isEmpty()) {
            return;
        }
        boolean sent = false; // every group's gap runs on the same clock, so they send together
        for (Group g : groups) {
            if (now - g.lastSent[0] >= config.minGap().toNanos()) {
                g.lastSent[0] = now;
                byte[] datagram = new LsdMessage(port, due, cookie).encode(g.host);
                g.channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), g.address));
                sent = true;
            }
        }
        if (sent) {
            due.forEach(ih -> torrents.put(ih, now));
        }
    }

    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf content = packet.content();
            int length = Math.min(content.readableBytes(), 4 * LsdMessage.MAX_BYTES + 1);
            byte[] datagram = new byte[length];
            content.readBytes(datagram);
            LsdMessage m;
            try {
                m = LsdMessage.decode(datagram, length);
            } catch (LsdException e) {
                LOG.debug("{} from {}", e.getMessage(), packet.sender());
                return;
            }
            if (m.cookie().equals(cookie)) {
                return; // our own, back through multicast loopback
            }
            InetSocketAddress peer = new InetSocketAddress(packet.sender().getAddress(), m.port());
            for (InfoHash ih : m.infoHashes()) {
                if (torrents.containsKey(ih)) {
                    LOG.debug("lsd: {} announces {}", peer, ih);
                    onPeer.accept(ih, peer);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("lsd socket: {}", cause.toString());
        }
    }

    @Override
    public void close() {
        for (Group g : groups) {
            g.channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
