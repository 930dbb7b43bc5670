package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import javax.crypto.Cipher;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MSE/PE between two Netty pipelines (EmbeddedChannels whose outbound bytes are carried to each other), and a
 * hand-made initiator for what a hostile or foreign peer may send.
 */
class MseHandlerTest {

    private static final byte[] SKEY = new byte[20];
    private static final byte[] OTHER = new byte[20];

    static {
        Arrays.fill(SKEY, (byte) 7);
        Arrays.fill(OTHER, (byte) 9);
    }

    private EmbeddedChannel a;
    private EmbeddedChannel b;

    @AfterEach
    void close() {
        for (EmbeddedChannel c : new EmbeddedChannel[] {a, b}) {
            if (c != null) {
                c.finishAndReleaseAll();
            }
        }
    }

    private static MseHandler responder(Encryption policy) {
        return MseHandler.responder(policy, req2 -> Arrays.equals(req2, MseCrypto.hash("req2", SKEY)) ? SKEY.clone() : null);
    }

    @Test
    void bothSidesPreferringEncryptionTalkRc4BothWays() {
        a = new EmbeddedChannel(MseHandler.initiator(Encryption.PREFER, SKEY));
        b = new EmbeddedChannel(responder(Encryption.PREFER));
        byte[] handshake = new Random(1).ints(68, 0, 256).collect(ByteArrayOutputStream::new,
                (o, v) -> o.write(v), (x, y) -> { }).toByteArray();
        a.writeOutbound(Unpooled.wrappedBuffer(handshake));
        pumpAll();
        assertArrayEquals(handshake, inbound(b), "A's handshake, written before the exchange, arrives after it");
        assertNull(a.pipeline().get(MseHandler.NAME), "the handler leaves once done");
        assertNotNull(a.pipeline().get(Rc4Codec.NAME));
        assertNotNull(b.pipeline().get(Rc4Codec.NAME));

        byte[] big = new byte[1 << 20];
        new Random(2).nextBytes(big);
        b.writeOutbound(Unpooled.wrappedBuffer(big));
        ByteBuf wire = b.readOutbound();
        byte[] onTheWire = new byte[wire.readableBytes()];
        wire.getBytes(wire.readerIndex(), onTheWire);
        assertFalse(Arrays.equals(big, onTheWire), "encrypted on the wire");
        a.writeInbound(wire);
        assertArrayEquals(big, inbound(a));
        a.writeOutbound(Unpooled.wrappedBuffer(big));
        pumpAll();
        assertArrayEquals(big, inbound(b));
    }

    @Test
    void plaintextHandshakePassesAResponderThatAcceptsIt() {
        byte[] plain = plaintextHandshake();
        b = new EmbeddedChannel(responder(Encryption.PREFER));
        b.writeInbound(Unpooled.wrappedBuffer(plain, 0, 10));
        assertNull(b.readInbound(), "undecided until 20 bytes");
        b.writeInbound(Unpooled.wrappedBuffer(plain, 10, plain.length - 10));
        assertArrayEquals(plain, inbound(b));
        assertNull(b.pipeline().get(MseHandler.NAME));
        assertNull(b.pipeline().get(Rc4Codec.NAME));
        b.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ByteBuf out = b.readOutbound();
        assertEquals(3, out.readableBytes(), "our writes go out as they are");
        out.release();
    }

    @Test
    void policyRefusals() {
        byte[] plain = plaintextHandshake();
        b = new EmbeddedChannel(responder(Encryption.REQUIRE));
        assertEquals("encryption handshake: a plaintext BitTorrent handshake, refused as encryption=require",
                assertThrows(MseException.class, () -> b.writeInbound(Unpooled.wrappedBuffer(plain))).getMessage());
        assertFalse(b.isOpen());

        a = new EmbeddedChannel(MseHandler.initiator(Encryption.PREFER, SKEY));
        EmbeddedChannel disabled = new EmbeddedChannel(responder(Encryption.DISABLE));
        try {
            ByteBuf key = a.readOutbound();
            MseException e = assertThrows(MseException.class, () -> disabled.writeInbound(key));
            assertTrue(e.getMessage().contains("encryption=disable refuses MSE"), e.getMessage());
        } finally {
            disabled.finishAndReleaseAll();
        }

        RawInitiator plainOnly = new RawInitiator(SKEY, Encryption.PLAINTEXT, 0);
        EmbeddedChannel requiring = new EmbeddedChannel(responder(Encryption.REQUIRE));
        try {
            MseException e = assertThrows(MseException.class, () -> plainOnly.run(requiring));
            assertTrue(e.getMessage().contains("not RC4, which encryption=require needs"), e.getMessage());
        } finally {
            requiring.finishAndReleaseAll();
        }
    }

    @Test
    void aPlaintextOnlyOfferGetsPlaintextFromAPreferringResponder() {
        b = new EmbeddedChannel(responder(Encryption.PREFER));
        RawInitiator plainOnly = new RawInitiator(SKEY, Encryption.PLAINTEXT, 100);
        plainOnly.run(b);
        assertEquals(Encryption.PLAINTEXT, plainOnly.select, "crypto_select");
        assertNull(b.pipeline().get(Rc4Codec.NAME));
        b.writeInbound(Unpooled.wrappedBuffer("after".getBytes()));
        assertArrayEquals("after".getBytes(), inbound(b), "the payload stream is plaintext");
    }

    @Test
    void hostileInitiators() {
        b = new EmbeddedChannel(responder(Encryption.PREFER));
        MseException wrong = assertThrows(MseException.class, () -> new RawInitiator(OTHER, Encryption.RC4, 0).run(b));
        assertTrue(wrong.getMessage().contains("a torrent we do not have"), wrong.getMessage());
        b.finishAndReleaseAll();

        b = new EmbeddedChannel(responder(Encryption.PREFER));
        RawInitiator longPad = new RawInitiator(SKEY, Encryption.RC4, 513);
        assertEquals("encryption handshake: padding of 513 bytes is over the limit of 512",
                assertThrows(MseException.class, () -> longPad.run(b)).getMessage());
        b.finishAndReleaseAll();

        // garbage: 700 random bytes are no key followed by HASH('req1', S) within 512 bytes
        b = new EmbeddedChannel(responder(Encryption.PREFER));
        byte[] garbage = new byte[700];
        new Random(3).nextBytes(garbage);
        garbage[0] = 0x13;
        MseException lost = assertThrows(MseException.class, () -> b.writeInbound(Unpooled.wrappedBuffer(garbage)));
        assertTrue(lost.getMessage().contains("no HASH('req1', S) within 512 bytes"), lost.getMessage());
        assertFalse(b.isOpen());
        b.finishAndReleaseAll();

        // garbage inside the handshake: a correct start, then a corrupted encrypted part
        b = new EmbeddedChannel(responder(Encryption.PREFER));
        RawInitiator corrupt = new RawInitiator(SKEY, Encryption.RC4, 0);
        corrupt.corruptVc = true;
        assertEquals("encryption handshake: the verification constant is not 8 zero bytes",
                assertThrows(MseException.class, () -> corrupt.run(b)).getMessage());
    }

    @Test
    void aResponderPaddingTooMuchIsDropped() {
        a = new EmbeddedChannel(MseHandler.initiator(Encryption.PREFER, SKEY));
        ByteBuf ya = a.readOutbound();
        ya.release();
        MseCrypto dh = new MseCrypto();
        // Yb, then 600 bytes of padding: the verification constant cannot be found within 512
        ByteBuf reply = Unpooled.wrappedBuffer(dh.publicKey(), new byte[600]);
        MseException e = assertThrows(MseException.class, () -> a.writeInbound(reply));
        assertTrue(e.getMessage().contains("no verification constant within 512 bytes"), e.getMessage());
    }

    @Test
    void theInitiatorRefusesASelectionItDidNotOffer() {
        a = new EmbeddedChannel(MseHandler.initiator(Encryption.REQUIRE, SKEY));
        ByteBuf ya = a.readOutbound();
        byte[] key = new byte[MseCrypto.KEY_BYTES];
        ya.readBytes(key);
        ya.release();
        MseCrypto dh = new MseCrypto();
        byte[] s = dh.secret(key);
        Cipher toA = MseCrypto.rc4("keyB", s, SKEY);
        byte[] select = toA.update(ByteBuffer.allocate(14).putLong(0).putInt(Encryption.PLAINTEXT).putShort((short) 0).array());
        MseException e = assertThrows(MseException.class,
                () -> a.writeInbound(Unpooled.wrappedBuffer(dh.publicKey(), select)));
        assertTrue(e.getMessage().contains("selected crypto method 0x1, which we did not offer"), e.getMessage());
    }

    private static byte[] plaintextHandshake() {
        ByteBuf out = Unpooled.buffer();
        new Handshake(new byte[8], org.yamtorrent.engine.metainfo.InfoHash.of(SKEY), new byte[20]).encode(out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** Carries outbound bytes both ways until nothing moves. */
    private void pumpAll() {
        boolean moved = true;
        while (moved) {
            moved = pump(a, b) | pump(b, a);
        }
    }

    private static boolean pump(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object m; (m = from.readOutbound()) != null; ) {
            to.writeInbound(m);
            moved = true;
        }
        return moved;
    }

    private static byte[] inbound(EmbeddedChannel c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf m; (m = c.readInbound()) != null; ) {
            byte[] bytes = new byte[m.readableBytes()];
            m.readBytes(bytes);
            m.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The initiator's side by hand, so a test can offer what our own initiator never would. */
    static final class RawInitiator {
        final byte[] skey;
        final int provide;
        final int padC;
        boolean corruptVc;
        int select;

        RawInitiator(byte[] skey, int provide, int padC) {
            this.skey = skey;
            this.provide = provide;
            this.padC = padC;
        }

        void run(EmbeddedChannel responder) {
            MseCrypto dh = new MseCrypto();
            responder.writeInbound(Unpooled.wrappedBuffer(dh.publicKey(), new byte[30]));
            ByteBuf reply = responder.readOutbound();
            byte[] yb = new byte[MseCrypto.KEY_BYTES];
            reply.readBytes(yb);
            reply.release();
            byte[] s = dh.secret(yb);
            Cipher out = MseCrypto.rc4("keyA", s, skey);
            byte[] req2 = MseCrypto.hash("req2", skey);
            byte[] req3 = MseCrypto.hash("req3", s);
            for (int i = 0; i < 20; i++) {
                req2[i] ^= req3[i];
            }
            ByteBuffer plain = ByteBuffer.allocate(16 + padC).putLong(corruptVc ? 1 : 0).putInt(provide)
                    .putShort((short) padC).put(new byte[padC]).putShort((short) 0);
            responder.writeInbound(Unpooled.wrappedBuffer(MseCrypto.hash("req1", s), req2, out.update(plain.array())));
            ByteBuf step4 = responder.readOutbound();
            Cipher in = MseCrypto.rc4("keyB", s, skey);
            byte[] head = new byte[14];
            step4.readBytes(head);
            step4.release();
            select = ByteBuffer.wrap(in.update(head)).getInt(8);
        }
    }
}
