package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.yamtorrent.engine.wire.Frames.buf;
import static org.yamtorrent.engine.wire.Frames.encode;
import static org.yamtorrent.engine.wire.Frames.handshake;
import static org.yamtorrent.engine.wire.Frames.hex;
import static org.yamtorrent.engine.wire.Frames.inbound;
import static org.yamtorrent.engine.wire.Frames.release;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.wire.PeerMessage.Have;
import org.yamtorrent.engine.wire.PeerMessage.Piece;
import org.yamtorrent.engine.wire.PeerMessage.Request;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.PeerMessage.Unknown;

@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageEncoderTest {

    /** The bytes of every ByteBuf the channel wrote, concatenated; releases them. */
    private static byte[] written(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        return bytes;
    }

    @Test
    void everyMessageEncodesToItsBep3Bytes() {
        for (Frames.Sample sample : Frames.samples()) {
            PeerMessage message = sample.message();
            int payloadBuffer = message instanceof ByteBufHolder holder ? holder.content().readableBytes() : 0;
            assertEquals(hex(sample.hex()).length - payloadBuffer, MessageEncoder.encodedLength(message));
            EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
            channel.writeOutbound(message);
            assertArrayEquals(hex(sample.hex()), written(channel), sample.hex());
            assertFalse(channel.finish());
        }
    }

    @Test
    void encodesTheHandshake() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        channel.writeOutbound(handshake(true, false));
        assertArrayEquals(encode(handshake(true, false)), written(channel));
        assertFalse(channel.finish());
    }

    @Test
    void writesAPieceBlockAsItsOwnBufferWithoutCopying() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        ByteBuf block = Unpooled.wrappedBuffer(new byte[16384]);
        channel.writeOutbound(new Piece(5, 32768, block));
        ByteBuf header = channel.readOutbound();
        assertArrayEquals(hex("00004009 07 00000005 00008000"), ByteBufUtil.getBytes(header));
        header.release();
        ByteBuf sent = channel.readOutbound();
        assertSame(block, sent);
        sent.release();
        assertFalse(channel.finish());
    }

    @Test
    void passesOtherObjectsThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        ByteBuf raw = buf("01020304");
        channel.writeOutbound(raw);
        ByteBuf out = channel.readOutbound();
        assertSame(raw, out);
        out.release();
        assertFalse(channel.finish());
    }

    @Test
    void batchesManyRequestsIntoOneBufferAndOneFlush() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(new Request(i / 4, (i % 4) * 16384, 16384));
        }
        MessageEncoder.writeBatch(channel, requests);
        assertEquals(1, channel.outboundMessages().size());
        ByteBuf batch = channel.readOutbound();
        assertEquals(100 * 17, batch.readableBytes());
        EmbeddedChannel decoder = new EmbeddedChannel(new MessageDecoder(25));
        decoder.writeInbound(batch);
        assertEquals(requests, inbound(decoder));
        assertFalse(channel.finish());
        assertFalse(decoder.finish());
    }

    @Test
    void batchKeepsPieceBlocksUncopied() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        ByteBuf block = buf("aabbccdd");
        MessageEncoder.writeBatch(channel, List.of(Signal.UNCHOKE, new Piece(1, 0, block), new Have(3)));
        List<Object> out = new ArrayList<>(channel.outboundMessages());
        channel.outboundMessages().clear();
        assertEquals(3, out.size());
        assertSame(block, out.get(1));
        EmbeddedChannel decoder = new EmbeddedChannel(new MessageDecoder(25));
        out.forEach(decoder::writeInbound);
        List<PeerMessage> expected = List.of(Signal.UNCHOKE, new Piece(1, 0, buf("aabbccdd")), new Have(3));
        List<Object> actual = inbound(decoder);
        assertEquals(expected, actual);
        release(expected);
        release(actual);
        assertFalse(channel.finish());
        assertFalse(decoder.finish());
    }

    @Test
    void writesAPieceFromAFileRegionForSendfile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data");
        Files.write(file, new byte[40000]);
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        FileRegion region = new DefaultFileRegion(file.toFile(), 1000, 16384);
        MessageEncoder.writePiece(channel, 9, 16384, region);
        channel.flush();
        ByteBuf header = channel.readOutbound();
        assertArrayEquals(hex("00004009 07 00000009 00004000"), ByteBufUtil.getBytes(header));
        header.release();
        FileRegion sent = channel.readOutbound();
        assertSame(region, sent);
        sent.release();
        assertFalse(channel.finish());
    }

    @Test
    void refusesABlockLargerThanPeersAccept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data");
        Files.write(file, new byte[1]);
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        FileRegion region = new DefaultFileRegion(file.toFile(), 0, MessageDecoder.MAX_BLOCK_LENGTH + 1);
        assertThrows(IllegalArgumentException.class, () -> MessageEncoder.writePiece(channel, 0, 0, region));
        assertEquals(0, region.refCnt(), "ownership passed even though nothing was written");
        assertFalse(channel.finish());
    }

    @Test
    void refusesToSendAnUnknownMessage() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        assertThrows(IllegalArgumentException.class, () -> channel.writeOutbound(new Unknown(99, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> MessageEncoder.writeBatch(channel, List.of(Signal.CHOKE, new Unknown(99, 3))));
        assertFalse(channel.finish());
    }
}
