package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Timeout;

/**
 * BEP 52's hash request, hashes and hash reject from a stranger: the payload is the fuzzer's, framed with the right
 * length so the decoder gets past the frame checks to the range checks. Only {@link WireException} may come out;
 * what decodes keeps BEP 52's rules and encodes back to the same bytes.
 *
 * <p>Input layout: byte 0 picks the message (21 + byte % 3), the rest is its payload.
 */
class HashMessagesFuzzTest {

    @FuzzTest
    @Timeout(10)
    void decode(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int id = MessageId.HASH_REQUEST + (data[0] & 0xff) % 3;
        ByteBuf frame = Unpooled.buffer().writeInt(data.length).writeByte(id).writeBytes(data, 1, data.length - 1);
        byte[] sent = new byte[frame.readableBytes()];
        frame.getBytes(0, sent);
        EmbeddedChannel channel = new EmbeddedChannel(new MessageDecoder(16), new MessageEncoder());
        try {
            channel.writeInbound(frame);
        } catch (WireException expected) {
            assertTrue(!channel.isOpen(), "a rejected peer's channel is closed");
            channel.finishAndReleaseAll();
            return;
        }
        Object m = channel.readInbound();
        if (m instanceof PeerMessage message) {
            HashRange r;
            if (message instanceof PeerMessage.HashRequest q) {
                r = q.range();
            } else if (message instanceof PeerMessage.HashReject q) {
                r = q.range();
            } else if (message instanceof PeerMessage.Hashes h) {
                assertTrue(h.count() >= h.range().length(), h.toString());
                r = h.range();
            } else {
                throw new AssertionError("decoded " + message);
            }
            assertTrue(r.length() >= 2 && Integer.bitCount(r.length()) == 1 && r.index() % r.length() == 0, r.toString());
            assertTrue(r.baseLayer() < HashRange.MAX_LAYERS && r.proofLayers() < HashRange.MAX_LAYERS, r.toString());
            channel.writeOutbound(message);
            ByteBuf out = Unpooled.buffer();
            for (ByteBuf b; (b = channel.readOutbound()) != null; b.release()) {
                out.writeBytes(b);
            }
            byte[] encoded = new byte[out.readableBytes()];
            out.readBytes(encoded);
            assertArrayEquals(sent, encoded, "what decodes encodes to the same bytes");
        } else {
            assertEquals(null, m, "an incomplete frame decodes to nothing");
        }
        channel.finishAndReleaseAll();
    }
}
