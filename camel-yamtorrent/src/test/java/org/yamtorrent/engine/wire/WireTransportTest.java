package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.wire.Frames.HASH;
import static org.yamtorrent.engine.wire.Frames.buf;
import static org.yamtorrent.engine.wire.Frames.peerId;
import static org.yamtorrent.engine.wire.Frames.release;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.wire.PeerMessage.Extended;
import org.yamtorrent.engine.wire.PeerMessage.Piece;
import org.yamtorrent.engine.wire.PeerMessage.Request;
import org.yamtorrent.engine.wire.PeerMessage.Signal;

/** Two real endpoints on 127.0.0.1, over epoll and over NIO. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WireTransportTest {

    private static final int PIECES = 12;
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Duration LONG = Duration.ofMinutes(5);

    private final List<WireTransport> transports = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        transports.forEach(WireTransport::close);
    }

    private WireTransport transport(boolean nativeTransport, ByteBufAllocator allocator, Duration handshakeTimeout,
            Duration keepAlive, Duration readIdle) {
        if (nativeTransport) {
            Assumptions.assumeTrue(Epoll.isAvailable(), "epoll is not available here: " + Epoll.unavailabilityCause());
        }
        WireTransport transport = new WireTransport(new WireTransport.Settings(1, nativeTransport, allocator,
                1 << 20, Duration.ofSeconds(5), handshakeTimeout, keepAlive, readIdle));
        transports.add(transport);
        assertEquals(nativeTransport, transport.isNative());
        return transport;
    }

    private WireTransport transport(boolean nativeTransport) {
        return transport(nativeTransport, PooledByteBufAllocator.DEFAULT, LONG, LONG, LONG);
    }

    private static int ourTorrent(Handshake handshake) {
        if (!handshake.infoHash().equals(HASH)) {
            throw new WireException("handshake info-hash " + handshake.infoHash() + " is not ours");
        }
        return PIECES;
    }

    /** Stands in for the session: records what arrives. */
    static class Recorder extends ChannelInboundHandlerAdapter {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        volatile Channel channel;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received.add(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }

        Object next() throws InterruptedException {
            Object message = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(message, "nothing arrived");
            return message;
        }

        WireException error() throws InterruptedException {
            Throwable error = errors.poll(20, TimeUnit.SECONDS);
            assertNotNull(error, "no error arrived");
            return assertInstanceOf(WireException.class, error);
        }

        void awaitClosed() {
            assertTrue(channel.closeFuture().awaitUninterruptibly(20, TimeUnit.SECONDS), "channel still open");
        }
    }

    private record Link(Recorder seeder, Recorder leecher) {
    }

    /** Connects {@code leecher} to {@code seeder}, with {@code serverSide} receiving on the accepted channel. */
    private static Link connect(WireTransport seeder, Recorder serverSide, WireTransport leecher)
            throws InterruptedException {
        BlockingQueue<Recorder> accepted = new LinkedBlockingQueue<>();
        Channel server = seeder.listen(ANY_PORT, WireTransportTest::ourTorrent, channel -> {
            channel.pipeline().addLast("session", serverSide);
            accepted.add(serverSide);
        });
        Recorder clientSide = new Recorder();
        leecher.connect((InetSocketAddress) server.localAddress(), WireTransportTest::ourTorrent,
                channel -> channel.pipeline().addLast("session", clientSide)).syncUninterruptibly();
        assertSame(serverSide, accepted.poll(20, TimeUnit.SECONDS));
        return new Link(serverSide, clientSide);
    }

    /** Both sides send and receive their handshakes, as a session would. */
    private static Link handshaken(WireTransport seeder, Recorder serverSide, WireTransport leecher)
            throws InterruptedException {
        Link link = connect(seeder, serverSide, leecher);
        Handshake ours = Handshake.of(HASH, peerId('l'), java.util.EnumSet.of(Feature.FAST, Feature.EXTENSION_PROTOCOL));
        Handshake theirs = Handshake.of(HASH, peerId('s'), java.util.EnumSet.of(Feature.FAST, Feature.EXTENSION_PROTOCOL));
        link.leecher().channel.writeAndFlush(ours);
        assertEquals(ours, link.seeder().next());
        link.seeder().channel.writeAndFlush(theirs);
        assertEquals(theirs, link.leecher().next());
        return link;
    }

    private static byte[] randomBlock(long seed) {
        byte[] block = new byte[16384];
        new Random(seed).nextBytes(block);
        return block;
    }

    /** Every message type, plus a 16 KiB random piece and a BEP 9 style extended message; new buffers each call. */
    private static List<PeerMessage> everyMessage() {
        List<PeerMessage> all = new ArrayList<>(Frames.samples().stream().map(Frames.Sample::message).toList());
        all.add(new Piece(7, 16384, Unpooled.wrappedBuffer(randomBlock(42))));
        all.add(new Extended(2, Unpooled.wrappedBuffer(
                "d8:msg_typei1e5:piecei0e10:total_sizei3ee".getBytes(StandardCharsets.US_ASCII))));
        return all;
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void exchangesTheHandshakeAndEveryMessageType(boolean nativeTransport, @TempDir Path dir)
            throws InterruptedException, IOException {
        Link link = handshaken(transport(nativeTransport), new Recorder(), transport(nativeTransport));

        for (PeerMessage message : everyMessage()) {
            link.leecher().channel.write(message);
        }
        link.leecher().channel.flush();
        for (PeerMessage expected : everyMessage()) {
            Object received = link.seeder().next();
            try {
                assertEquals(expected, received);
            } finally {
                release(List.of(expected, received));
            }
        }

        // Seeding back: a pipeline of requests in one batch, then a piece sent from a file with sendfile.
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            requests.add(new Request(i % PIECES, i * 16384, 16384));
        }
        MessageEncoder.writeBatch(link.seeder().channel, requests);
        byte[] block = randomBlock(7);
        Path file = dir.resolve("piece");
        Files.write(file, new byte[100]);
        Files.write(file, block, StandardOpenOption.APPEND);
        MessageEncoder.writePiece(link.seeder().channel, 3, 16384, new DefaultFileRegion(file.toFile(), 100, 16384));
        link.seeder().channel.flush();
        for (Request request : requests) {
            assertEquals(request, link.leecher().next());
        }
        Piece piece = (Piece) link.leecher().next();
        Piece expected = new Piece(3, 16384, Unpooled.wrappedBuffer(block));
        try {
            assertEquals(expected, piece);
        } finally {
            piece.release();
            expected.release();
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void closesOnAnOversizedLengthWithoutAllocatingIt(boolean nativeTransport) throws InterruptedException {
        UnpooledByteBufAllocator metered = new UnpooledByteBufAllocator(true);
        AtomicLong usedAtError = new AtomicLong(-1);
        Recorder serverSide = new Recorder() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                usedAtError.set(used(ctx.alloc()));
                super.exceptionCaught(ctx, cause);
            }
        };
        Link link = handshaken(transport(nativeTransport, metered, LONG, LONG, LONG), serverSide,
                transport(nativeTransport));

        link.leecher().channel.writeAndFlush(buf("7fffffff 07 00000000 00000000 0102030405060708"));

        assertEquals("message length 2147483647 exceeds limit 131081", link.seeder().error().getMessage());
        link.seeder().awaitClosed();
        link.leecher().awaitClosed();
        assertTrue(usedAtError.get() >= 0 && usedAtError.get() < 256 * 1024,
                "buffer memory in use when the frame was refused: " + usedAtError.get());
    }

    private static long used(ByteBufAllocator allocator) {
        var metric = ((ByteBufAllocatorMetricProvider) allocator).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void keepAliveFloodUsesBoundedMemory(boolean nativeTransport) throws InterruptedException {
        UnpooledByteBufAllocator metered = new UnpooledByteBufAllocator(true);
        AtomicInteger keepAlives = new AtomicInteger();
        AtomicLong peak = new AtomicLong();
        Recorder serverSide = new Recorder() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg == Signal.KEEP_ALIVE) {
                    keepAlives.incrementAndGet();
                    peak.accumulateAndGet(used(ctx.alloc()), Math::max);
                } else {
                    super.channelRead(ctx, msg);
                }
            }
        };
        Link link = handshaken(transport(nativeTransport, metered, LONG, LONG, LONG), serverSide,
                transport(nativeTransport));

        int chunks = 32;
        for (int i = 0; i < chunks; i++) {
            link.leecher().channel.write(Unpooled.buffer(65536).writeZero(65536));
        }
        link.leecher().channel.writeAndFlush(buf("00000001 01"));

        assertEquals(Signal.UNCHOKE, link.seeder().next());
        assertEquals(chunks * 65536 / 4, keepAlives.get());
        assertTrue(peak.get() < 512 * 1024, "peak buffer memory during 2 MiB of keep-alives: " + peak.get());
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {true, false})
    void refusesAPeerThatDoesNotSpeakBitTorrent(boolean nativeTransport) throws InterruptedException {
        Link link = connect(transport(nativeTransport), new Recorder(), transport(nativeTransport));
        link.leecher().channel.writeAndFlush(
                Unpooled.wrappedBuffer("GET /announce HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("handshake protocol name length 71 is not 19", link.seeder().error().getMessage());
        link.seeder().awaitClosed();
        link.leecher().awaitClosed();
        assertTrue(link.seeder().received.isEmpty());
    }

    @Test
    void refusesAnInfoHashItDoesNotServe() throws InterruptedException {
        Link link = connect(transport(false), new Recorder(), transport(false));
        link.leecher().channel.writeAndFlush(Handshake.of(
                InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff"),
                peerId('l'), java.util.Set.of()));
        assertEquals("handshake info-hash ffffffffffffffffffffffffffffffffffffffff is not ours",
                link.seeder().error().getMessage());
        link.seeder().awaitClosed();
        assertTrue(link.seeder().received.isEmpty());
    }

    @Test
    void closesWhenTheHandshakeDoesNotArrive() throws InterruptedException {
        WireTransport seeder = transport(false, PooledByteBufAllocator.DEFAULT, Duration.ofMillis(300), LONG, LONG);
        Link link = connect(seeder, new Recorder(), transport(false));
        assertEquals("handshake not received within 300 ms", link.seeder().error().getMessage());
        link.seeder().awaitClosed();
        link.leecher().awaitClosed();
    }

    @Test
    void sendsKeepAlivesWhileIdle() throws InterruptedException {
        WireTransport leecher = transport(false, PooledByteBufAllocator.DEFAULT, LONG, Duration.ofMillis(100), LONG);
        Link link = handshaken(transport(false), new Recorder(), leecher);
        for (int i = 0; i < 3; i++) {
            assertSame(Signal.KEEP_ALIVE, link.seeder().next());
        }
    }

    @Test
    void closesASilentPeer() throws InterruptedException {
        WireTransport seeder = transport(false, PooledByteBufAllocator.DEFAULT, LONG, LONG, Duration.ofMillis(300));
        Link link = handshaken(seeder, new Recorder(), transport(false));
        assertEquals("peer sent nothing for 300 ms", link.seeder().error().getMessage());
        link.seeder().awaitClosed();
        link.leecher().awaitClosed();
    }

    @Test
    void appliesTheSocketOptionsAndPipeline() throws Exception {
        Link link = connect(transport(false), new Recorder(), transport(false));
        for (Channel channel : List.of(link.seeder().channel, link.leecher().channel)) {
            assertTrue(channel.config().getOption(ChannelOption.TCP_NODELAY));
            assertEquals(1 << 20, channel.config().getWriteBufferLowWaterMark());
            assertEquals(2 << 20, channel.config().getWriteBufferHighWaterMark());
            // Read on the event loop: the initializer removes itself there, right after calling the session.
            List<String> names = channel.eventLoop().submit(() -> channel.pipeline().names()).get();
            assertEquals(List.of("encoder", "idle", "handshake", "session"), names.subList(0, 4));
        }
        assertEquals(5000, link.leecher().channel.config().getConnectTimeoutMillis());
    }

    @Test
    void reportsAnAddressInUse() {
        WireTransport transport = transport(false);
        Channel server = transport.listen(ANY_PORT, h -> PIECES, channel -> { });
        WireException e = assertThrows(WireException.class,
                () -> transport.listen((InetSocketAddress) server.localAddress(), h -> PIECES, channel -> { }));
        assertTrue(e.getMessage().startsWith("listen on " + server.localAddress()), e.getMessage());
    }

    @Test
    void reportsARefusedConnectThroughTheFuture() throws IOException {
        WireTransport transport = transport(false);
        // A port bound without listening refuses connections, and unlike a closed one nobody can take it meanwhile.
        try (Socket reserved = new Socket()) {
            reserved.bind(ANY_PORT);
            InetSocketAddress address = (InetSocketAddress) reserved.getLocalSocketAddress();
            ChannelFuture connect = transport.connect(address, h -> PIECES, channel -> { }).awaitUninterruptibly();
            assertFalse(connect.isSuccess());
            assertInstanceOf(ConnectException.class, connect.cause());
        }
    }

    @Test
    void closingTheTransportClosesItsConnections() throws InterruptedException {
        WireTransport seeder = transport(false);
        Link link = handshaken(seeder, new Recorder(), transport(false));
        seeder.close();
        link.seeder().awaitClosed();
        link.leecher().awaitClosed();
    }
}
