package org.yamtorrent.engine.extension;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.wire.WireException;

/** A peer's BEP 10 extension handshake: only {@link WireException} may escape, and reqq stays bounded. */
class ExtensionHandshakeFuzzTest {

    @FuzzTest
    @Timeout(10)
    void parse(byte[] payload) {
        try {
            ExtensionHandshake.Theirs h = ExtensionHandshake.parse(Unpooled.wrappedBuffer(payload));
            assertTrue(h.reqq() >= 0 && h.reqq() <= 100_000, "reqq " + h.reqq());
        } catch (WireException expected) {
            // not a bencoded dictionary, or too large
        }
    }
}
