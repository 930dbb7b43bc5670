package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.wire.Frames.HASH;
import static org.yamtorrent.engine.wire.Frames.encode;
import static org.yamtorrent.engine.wire.Frames.handshake;
import static org.yamtorrent.engine.wire.Frames.hex;
import static org.yamtorrent.engine.wire.Frames.inbound;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yamtorrent.engine.wire.PeerMessage.Have;
import org.yamtorrent.engine.wire.PeerMessage.Signal;

@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeDecoderTest {

    private static final ToIntFunction<Handshake> TWELVE_PIECES = h -> 12;

    private static EmbeddedChannel channel(ToIntFunction<Handshake> pieceCount) {
        return new EmbeddedChannel(new HandshakeDecoder(pieceCount, Duration.ofSeconds(10)));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    void passesTheBytesAfterTheHandshakeToTheMessageDecoder() {
        Handshake handshake = handshake(true, true);
        EmbeddedChannel channel = channel(TWELVE_PIECES);
        channel.writeInbound(Unpooled.wrappedBuffer(concat(encode(handshake), hex("00000003 05 fff0 00000001 01"))));
        assertEquals(List.of(handshake, new PeerMessage.Bitfield(hex("fff0")), Signal.UNCHOKE), inbound(channel));
        assertNull(channel.pipeline().get(HandshakeDecoder.class));
        assertInstanceOf(MessageDecoder.class, channel.pipeline().get(HandshakeDecoder.MESSAGES));
        assertFalse(channel.finish());
    }

    @Test
    void decodesAHandshakeDeliveredByteByByte() {
        Handshake handshake = handshake(false, true);
        EmbeddedChannel channel = channel(TWELVE_PIECES);
        for (byte b : concat(encode(handshake), hex("00000005 04 00000003"))) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(List.of(handshake, new Have(3)), inbound(channel));
        assertFalse(channel.finish());
    }

    @Test
    void sizesTheMessageDecoderForTheTorrentTheHandshakeNames() {
        EmbeddedChannel channel = channel(h -> h.infoHash().equals(HASH) ? 2_000_000 : 1);
        channel.writeInbound(Unpooled.wrappedBuffer(encode(handshake(false, false))));
        assertEquals(1 + 250_000, channel.pipeline().get(MessageDecoder.class).maxLength());
        assertEquals(List.of(handshake(false, false)), inbound(channel));
        assertFalse(channel.finish());
    }

    @Test
    void refusesAWrongProtocolNameLengthAtTheFirstByte() {
        EmbeddedChannel channel = channel(TWELVE_PIECES);
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(hex("14"))));
        assertEquals("handshake protocol name length 20 is not 19", e.getMessage());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesAWrongProtocolNameBeforeTheWholeHandshakeArrives() {
        EmbeddedChannel channel = channel(TWELVE_PIECES);
        channel.writeInbound(Unpooled.wrappedBuffer("\u0013BitTor".getBytes()));
        assertTrue(channel.isOpen());
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer("mentGET /".getBytes())));
        assertEquals("handshake protocol name is not 'BitTorrent protocol'", e.getMessage());
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesAnInfoHashTheSessionDoesNotServe() {
        EmbeddedChannel channel = channel(h -> {
            throw new WireException("handshake info-hash " + h.infoHash() + " is not ours");
        });
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(concat(encode(handshake(false, false)),
                        hex("00000001 01")))));
        assertEquals("handshake info-hash " + HASH.hex() + " is not ours", e.getMessage());
        assertFalse(channel.isOpen());
        assertNull(channel.readInbound(), "neither the handshake nor what follows reaches the session");
        channel.finishAndReleaseAll();
    }

    @Test
    void closesWhenNoHandshakeArrivesInTime() {
        EmbeddedChannel channel = channel(TWELVE_PIECES);
        channel.writeInbound(Unpooled.wrappedBuffer(hex("13")));
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        WireException e = assertThrows(WireException.class, channel::checkException);
        assertEquals("handshake not received within 10000 ms", e.getMessage());
        channel.finishAndReleaseAll();
    }

    @Test
    void aCompleteHandshakeStopsTheTimer() {
        EmbeddedChannel channel = channel(TWELVE_PIECES);
        channel.writeInbound(Unpooled.wrappedBuffer(encode(handshake(false, false))));
        channel.advanceTimeBy(60, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        assertEquals(List.of(handshake(false, false)), inbound(channel));
        assertFalse(channel.finish());
    }
}
