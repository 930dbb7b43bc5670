package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * KRPC datagrams: only {@link KrpcException} may escape; what is accepted stays inside the caps and encodes again
 * to something that decodes.
 */
class KrpcFuzzTest {

    @FuzzTest
    @Timeout(10)
    void message(byte[] datagram) {
        KrpcMessage m;
        try {
            m = KrpcCodec.decode(datagram);
        } catch (KrpcException expected) {
            return;
        }
        assertTrue(m.transaction().length <= KrpcCodec.MAX_TRANSACTION);
        if (m instanceof KrpcMessage.Response r) {
            assertTrue(r.nodes().size() <= KrpcCodec.MAX_NODES && r.nodes6().size() <= KrpcCodec.MAX_NODES);
            assertTrue(r.values().size() <= KrpcCodec.MAX_VALUES);
        }
        boolean unknownQuery = m instanceof KrpcMessage.Query q && q.method() == KrpcMessage.Method.UNKNOWN;
        if (!unknownQuery) { // we never send an unknown method
            assertNotNull(KrpcCodec.decode(KrpcCodec.encode(m)));
        }
    }
}
