package org.yamtorrent.bench;


import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.wire.MessageDecoder;
import org.yamtorrent.engine.wire.MessageId;

/**
 * Frame decoding: a stream of 16 KiB piece messages through {@link MessageDecoder}, fed in 64 KiB reads as a
 * socket delivers them (frames straddle reads). One operation is one block.
 */
public class DecodeBench extends BlockBench {

    private static final int BLOCKS = 64;
    private static final int READ = 64 * 1024;

    private EmbeddedChannel channel;
    private ByteBuf stream;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel();
        channel.config().setOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        channel.pipeline().addLast(new MessageDecoder(4096));
        stream = PooledByteBufAllocator.DEFAULT.directBuffer(BLOCKS * (13 + Block.SIZE));
        for (int i = 0; i < BLOCKS; i++) {
            stream.writeInt(9 + Block.SIZE).writeByte(MessageId.PIECE).writeInt(i / 16).writeInt(i % 16 * Block.SIZE);
            stream.writeZero(Block.SIZE);
        }
    }

    @TearDown
    public void tearDown() {
        stream.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public void pieceStream(Blackhole bh) {
        for (int at = 0; at < stream.writerIndex(); at += READ) {
            int n = Math.min(READ, stream.writerIndex() - at);
            channel.writeInbound(stream.retainedSlice(at, n));
        }
        Object m;
        while ((m = channel.readInbound()) != null) {
            bh.consume(m);
            ReferenceCountUtil.release(m);
        }
    }
}
