package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The MSE/PE handshake against a stranger's bytes, from the first byte of a connection, as responder (byte 1
 * even) or initiator (odd), under the policy byte 2 picks; byte 0 picks the read size. Only {@link WireException}
 * may come out, and a rejected channel is closed.
 */
class MseFuzzTest {

    private static final int HEADER = 3;

    /** Loads the JCE provider, the random source and Netty before the first input's 10-second clock starts. */
    @BeforeAll
    static void warmUp() {
        MseCrypto.rc4("keyA", new MseCrypto().publicKey(), new byte[20]);
        new EmbeddedChannel(MseHandler.responder(Encryption.PREFER, req2 -> null)).finishAndReleaseAll();
    }

    @FuzzTest
    @Timeout(10)
    void handshake(byte[] data) {
        if (data.length < HEADER) {
            return;
        }
        int chunk = (data[0] & 0xff) + 1;
        Encryption policy = Encryption.values()[(data[2] & 0xff) % Encryption.values().length];
        byte[] skey = new byte[20];
        MseHandler handler = (data[1] & 1) == 0 || policy == Encryption.DISABLE
                ? MseHandler.responder(policy, req2 -> Arrays.equals(req2, MseCrypto.hash("req2", skey)) ? skey : null)
                : MseHandler.initiator(policy, skey);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        try {
            for (int at = HEADER; at < data.length && channel.isOpen(); at += chunk) {
                try {
                    channel.writeInbound(Unpooled.copiedBuffer(data, at, Math.min(chunk, data.length - at)));
                } catch (WireException expected) {
                    assertTrue(!channel.isOpen(), "a rejected peer's channel is closed");
                }
                for (Object m; (m = channel.readInbound()) != null; ) {
                    ReferenceCountUtil.release(m);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
