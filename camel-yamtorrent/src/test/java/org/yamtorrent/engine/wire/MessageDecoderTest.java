package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.yamtorrent.engine.wire.Frames.buf;
import static org.yamtorrent.engine.wire.Frames.hex;
import static org.yamtorrent.engine.wire.Frames.inbound;
import static org.yamtorrent.engine.wire.Frames.release;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yamtorrent.engine.wire.PeerMessage.Extended;
import org.yamtorrent.engine.wire.PeerMessage.Piece;
import org.yamtorrent.engine.wire.PeerMessage.Request;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.PeerMessage.Unknown;

/** Framing and parsing with the bytes written out by hand from BEP 3, 5, 6 and 10. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageDecoderTest {

    private static final int PIECES = 12;

    /** Every sample frame, then an unknown id, then an extended message to show decoding goes on after it. */
    private static final String ALL_FRAMES = String.join(" ",
            Frames.samples().stream().map(Frames.Sample::hex).toList()) + " 00000004 63 010203 00000005 14 03 6c6565";

    private static List<PeerMessage> allMessages() {
        List<PeerMessage> all = new ArrayList<>(Frames.samples().stream().map(Frames.Sample::message).toList());
        all.add(new Unknown(0x63, 3));
        all.add(new Extended(3, buf("6c6565")));
        return all;
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new MessageDecoder(PIECES));
    }

    private static void assertDecodes(List<PeerMessage> expected, EmbeddedChannel channel) {
        List<Object> actual = inbound(channel);
        try {
            assertEquals(expected, actual);
        } finally {
            release(expected);
            release(actual);
        }
    }

    @Test
    void decodesManyFramesFromOneBuffer() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(buf(ALL_FRAMES));
        assertDecodes(allMessages(), channel);
        assertFalse(channel.finish());
    }

    @Test
    void decodesFramesDeliveredByteByByte() {
        EmbeddedChannel channel = channel();
        for (byte b : hex(ALL_FRAMES)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertDecodes(allMessages(), channel);
        assertFalse(channel.finish());
    }

    @Test
    void waitsForTheRestOfATruncatedFrame() {
        EmbeddedChannel channel = channel();
        byte[] request = hex("0000000d 06 00000001 00004000 00004000 00000001 01");
        channel.writeInbound(Unpooled.wrappedBuffer(request, 0, 10));
        assertNull(channel.readInbound());
        channel.writeInbound(Unpooled.wrappedBuffer(request, 10, request.length - 10));
        assertDecodes(List.of(new Request(1, 16384, 16384), Signal.UNCHOKE), channel);
        assertFalse(channel.finish());
    }

    @Test
    void pieceBlockIsCopiedSoTheReadBufferIsFreeAtOnce() {
        EmbeddedChannel channel = channel();
        ByteBuf read = buf("0000000c 07 00000002 00000010 abcdef");
        channel.writeInbound(read.retain());
        Piece piece = channel.readInbound();
        try {
            assertEquals(3, piece.length());
            assertEquals(1, read.refCnt(), "the decoder kept no reference to the read buffer");
            read.setByte(13, 0x11);
            assertEquals(0xab, piece.block().getUnsignedByte(piece.block().readerIndex()),
                    "the block is its own copy, however long the disk queue holds it");
        } finally {
            piece.release();
            read.release();
        }
        assertEquals(0, read.refCnt());
        assertFalse(channel.finish());
    }

    @Test
    void oversizedLengthClosesBeforeAnythingIsBuffered() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        EmbeddedChannel channel = channel();
        channel.config().setAllocator(alloc);
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(buf("7fffffff 07 00000000 00000000 00")));
        assertEquals("message length 2147483647 exceeds limit 131081", e.getMessage());
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound());
        assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(),
                "nothing may be allocated for the declared length");
        channel.finishAndReleaseAll();
    }

    @Test
    void lengthAboveTwoGigabytesIsReadUnsigned() {
        EmbeddedChannel channel = channel();
        WireException e = assertThrows(WireException.class, () -> channel.writeInbound(buf("ffffffff")));
        assertEquals("message length 4294967295 exceeds limit 131081", e.getMessage());
        assertFalse(channel.isOpen());
    }

    @Test
    void limitGrowsWithTheTorrentsBitfield() {
        int pieces = 2_000_000;
        MessageDecoder decoder = new MessageDecoder(pieces);
        assertEquals(1 + 250_000, decoder.maxLength());
        assertEquals(131081, new MessageDecoder(PIECES).maxLength());

        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        ByteBuf bitfield = Unpooled.buffer(4 + 250_001).writeInt(250_001).writeByte(5).writeZero(250_000);
        channel.writeInbound(bitfield);
        PeerMessage.Bitfield received = channel.readInbound();
        assertEquals(250_000, received.length());
        assertEquals(0, received.toBitfield(pieces).cardinality());

        WireException e = assertThrows(WireException.class, () -> channel.writeInbound(buf("0003d092 05")));
        assertEquals("message length 250002 exceeds limit 250001", e.getMessage());
        channel.finishAndReleaseAll();
    }

    @Test
    void acceptsTheLargestBlockAndNotOneByteMore() {
        EmbeddedChannel channel = channel();
        int block = MessageDecoder.MAX_BLOCK_LENGTH;
        channel.writeInbound(Unpooled.buffer().writeInt(9 + block).writeByte(7).writeInt(0).writeInt(0)
                .writeZero(block));
        Piece piece = channel.readInbound();
        assertEquals(block, piece.length());
        piece.release();

        EmbeddedChannel other = new EmbeddedChannel(new MessageDecoder(2_000_000));
        WireException e = assertThrows(WireException.class,
                () -> other.writeInbound(Unpooled.buffer().writeInt(10 + block).writeByte(7)));
        assertEquals("piece length 131082 is outside 10..131081", e.getMessage());
        assertFalse(channel.finish());
        other.finishAndReleaseAll();
    }

    /** Each frame is only the length and id: the wrong length is refused before any payload arrives. */
    @ParameterizedTest
    @CsvSource({
        "00000002 00, choke length 2 is not 1",
        "00000002 01, unchoke length 2 is not 1",
        "00000005 02, interested length 5 is not 1",
        "00000002 03, not interested length 2 is not 1",
        "00000006 04, have length 6 is not 5",
        "00000004 04, have length 4 is not 5",
        "00000001 05, bitfield length 1 is outside 2..3 for 12 pieces",
        "00000004 05, bitfield length 4 is outside 2..3 for 12 pieces",
        "0000000c 06, request length 12 is not 13",
        "00000009 07, piece length 9 is outside 10..131081",
        "0000000e 08, cancel length 14 is not 13",
        "00000005 09, port length 5 is not 3",
        "00000001 0d, suggest piece length 1 is not 5",
        "00000002 0e, have all length 2 is not 1",
        "00000005 0f, have none length 5 is not 1",
        "00000011 10, reject request length 17 is not 13",
        "00000006 11, allowed fast length 6 is not 5",
        "00000001 14, extended length 1 has no extended message id",
        "00000030 15, hash request length 48 is not 49",
        "00000032 17, hash reject length 50 is not 49",
        "00000051 16, hashes length 81 is not 49 plus two or more 32-byte hashes",
        "00000072 16, hashes length 114 is not 49 plus two or more 32-byte hashes",
    })
    void refusesAKnownIdWithTheWrongLength(String frame, String message) {
        EmbeddedChannel channel = channel();
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(buf(frame + " 00000001 01")));
        assertEquals(message, e.getMessage());
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound(), "nothing after the bad frame is decoded");
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @CsvSource({
        "00000005 04 ffffffff, have index 4294967295 exceeds 2147483647",
        "0000000d 06 00000000 80000000 00004000, request begin 2147483648 exceeds 2147483647",
        "0000000d 08 00000000 00000000 fffffffe, cancel length 4294967294 exceeds 2147483647",
        "0000000a 07 90000000 00000000 00, piece index 2415919104 exceeds 2147483647",
    })
    void refusesFieldsBeyondAnInt(String frame, String message) {
        EmbeddedChannel channel = channel();
        WireException e = assertThrows(WireException.class, () -> channel.writeInbound(buf(frame)));
        assertEquals(message, e.getMessage());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @CsvSource({
        "00000003 00000000 00000003 00000000, hash request: length 3 is not a power of two of at least 2",
        "00000000 00000000 00000001 00000000, hash request: length 1 is not a power of two of at least 2",
        "00000000 00000002 00000004 00000000, hash request: index 2 is not a multiple of length 4",
        "00000000 80000000 00000004 00000000, hash request: index 2147483648 is not a multiple of length 4",
        "00000031 00000000 00000002 00000000, hash request: base layer 49 or proof layers 0 outside 0..48",
        "00000000 00000000 00000002 ffffffff, hash request: base layer 0 or proof layers 4294967295 outside 0..48",
    })
    void refusesAHashRangeBep52Forbids(String fields, String message) {
        EmbeddedChannel channel = channel();
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(buf("00000031 15 " + Frames.ROOT + fields)));
        assertEquals(message, e.getMessage());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void hashesMustCarryAtLeastTheBaseLayerAskedFor() {
        EmbeddedChannel channel = channel();
        WireException e = assertThrows(WireException.class, () -> channel.writeInbound(buf("00000071 16 "
                + Frames.ROOT + "00000000 00000000 00000004 00000000" + "aa".repeat(64))));
        assertEquals("hashes: 2 hashes, fewer than the 4 asked for", e.getMessage());
        channel.finishAndReleaseAll();
    }

    @Test
    void skipsAnUnknownIdAsItsPayloadStreamsIn() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        EmbeddedChannel channel = channel();
        channel.config().setAllocator(alloc);
        channel.writeInbound(buf("000186a1 c8"));
        assertEquals(new Unknown(200, 100_000), channel.readInbound(), "surfaced before its payload arrives");
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(Unpooled.buffer(1000).writeZero(1000));
        }
        assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory(),
                "skipped payload is not buffered");
        channel.writeInbound(buf("00000001 01"));
        assertDecodes(List.of(Signal.UNCHOKE), channel);
        assertFalse(channel.finish());
    }

    @Test
    void keepAliveFloodAllocatesNothing() {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        EmbeddedChannel channel = channel();
        channel.config().setAllocator(alloc);
        int count = 0;
        for (int chunk = 0; chunk < 100; chunk++) {
            channel.writeInbound(Unpooled.buffer(4096).writeZero(4096));
            for (Object o; (o = channel.readInbound()) != null; count++) {
                assertSame(Signal.KEEP_ALIVE, o);
            }
            assertEquals(0, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory());
        }
        assertEquals(100 * 1024, count);
        assertFalse(channel.finish());
    }

    @Test
    void dropsBytesThatArriveAfterTheSessionClosed() {
        EmbeddedChannel channel = channel();
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                ctx.close();
            }
        });
        channel.writeInbound(buf("00000001 00 00000001 01 00000001 02"));
        assertEquals(List.of(Signal.CHOKE), inbound(channel));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void bitfieldMessageChecksTheExactPieceCount() {
        PeerMessage.Bitfield bits = new PeerMessage.Bitfield(hex("fff0"));
        assertEquals(12, bits.toBitfield(12).cardinality());
        assertEquals("bitfield length 2 is not 1 for 8 pieces",
                assertThrows(WireException.class, () -> bits.toBitfield(8)).getMessage());
        assertEquals("bitfield sets spare bits after piece 10",
                assertThrows(WireException.class, () -> bits.toBitfield(11)).getMessage());
        org.yamtorrent.engine.Bitfield have = new org.yamtorrent.engine.Bitfield(12);
        have.set(0);
        have.set(11);
        assertEquals(have, PeerMessage.Bitfield.of(have).toBitfield(12));
    }
}
