package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.wire.Frames.HASH;
import static org.yamtorrent.engine.wire.Frames.buf;
import static org.yamtorrent.engine.wire.Frames.encode;
import static org.yamtorrent.engine.wire.Frames.hex;
import static org.yamtorrent.engine.wire.Frames.peerId;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeTest {

    @Test
    void encodesTheBep3Layout() {
        byte[] bytes = encode(Handshake.of(HASH, peerId('p'), EnumSet.of(Feature.FAST, Feature.EXTENSION_PROTOCOL)));
        assertEquals(Handshake.LENGTH, bytes.length);
        assertEquals(19, bytes[0]);
        assertEquals("BitTorrent protocol", new String(bytes, 1, 19, StandardCharsets.US_ASCII));
        assertArrayEquals(hex("00 00 00 00 00 10 00 04"), Arrays.copyOfRange(bytes, 20, 28));
        assertArrayEquals(HASH.bytes(), Arrays.copyOfRange(bytes, 28, 48));
        assertArrayEquals(peerId('p'), Arrays.copyOfRange(bytes, 48, 68));
    }

    @Test
    void reservedBitsSayWhichExtensionsThePeerSpeaks() {
        assertEquals(Set.of(Feature.FAST), Handshake.of(HASH, peerId('a'), Set.of(Feature.FAST)).features());
        assertEquals(Set.of(Feature.EXTENSION_PROTOCOL),
                Handshake.of(HASH, peerId('a'), Set.of(Feature.EXTENSION_PROTOCOL)).features());
        assertArrayEquals(hex("00 00 00 00 00 00 00 15"),
                Handshake.of(HASH, peerId('a'), EnumSet.of(Feature.DHT, Feature.FAST, Feature.V2_UPGRADE)).reserved());
        // Other clients set bits we do not know; they must not confuse us, and are kept as sent.
        Handshake other = new Handshake(hex("ff ff ff ff ff ef ff ea"), HASH, peerId('a'));
        assertEquals(Set.of(), other.features());
        assertArrayEquals(hex("ff ff ff ff ff ef ff ea"), other.reserved());
        Handshake all = new Handshake(hex("00 00 00 00 00 10 00 15"), HASH, peerId('a'));
        assertEquals(EnumSet.allOf(Feature.class), all.features());
        assertTrue(all.supports(Feature.DHT));
        assertFalse(Handshake.of(HASH, peerId('a'), Set.of()).supports(Feature.DHT));
    }

    @Test
    void decodesWhatItEncodes() {
        Handshake sent = Handshake.of(HASH, peerId('q'), Set.of(Feature.FAST));
        ByteBuf wire = Unpooled.wrappedBuffer(encode(sent));
        try {
            Handshake received = Handshake.decode(wire);
            assertEquals(sent, received);
            assertEquals(sent.hashCode(), received.hashCode());
            assertEquals(HASH, received.infoHash());
            assertArrayEquals(peerId('q'), received.peerId());
            assertFalse(wire.isReadable());
        } finally {
            wire.release();
        }
    }

    @Test
    void rejectsAnotherProtocol() {
        byte[] bytes = encode(Handshake.of(HASH, peerId('q'), Set.of()));
        bytes[0] = 18;
        ByteBuf wrongLength = Unpooled.wrappedBuffer(bytes.clone());
        bytes[0] = 19;
        bytes[19] = 'X';
        ByteBuf wrongName = Unpooled.wrappedBuffer(bytes);
        try {
            assertEquals("handshake protocol name length 18 is not 19",
                    assertThrows(WireException.class, () -> Handshake.decode(wrongLength)).getMessage());
            assertEquals("handshake protocol name is not 'BitTorrent protocol'",
                    assertThrows(WireException.class, () -> Handshake.decode(wrongName)).getMessage());
        } finally {
            wrongLength.release();
            wrongName.release();
        }
    }

    @Test
    void rejectsWrongFieldLengths() {
        assertThrows(IllegalArgumentException.class, () -> new Handshake(new byte[7], HASH, peerId('a')));
        assertThrows(IllegalArgumentException.class, () -> new Handshake(new byte[8], HASH, new byte[19]));
    }

    @Test
    void checksAPartialPrefixWithoutConsumingIt() {
        ByteBuf good = buf("13 42 69 74");
        ByteBuf bad = buf("13 42 69 75");
        try {
            Handshake.checkProtocol(good);
            assertEquals(4, good.readableBytes());
            assertThrows(WireException.class, () -> Handshake.checkProtocol(bad));
        } finally {
            good.release();
            bad.release();
        }
    }
}
