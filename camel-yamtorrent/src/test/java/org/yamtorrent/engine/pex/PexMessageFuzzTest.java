package org.yamtorrent.engine.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * ut_pex messages from strangers: only {@link PexException} may escape, what is accepted stays within the caps and
 * survives being encoded and read again, and a receiver never learns more than its cap.
 */
class PexMessageFuzzTest {

    @FuzzTest
    @Timeout(10)
    void message(byte[] payload) {
        PexMessage m;
        try {
            m = PexMessage.decode(payload);
        } catch (PexException expected) {
            return;
        }
        assertTrue(m.added().size() <= PexMessage.MAX_PEERS && m.dropped().size() <= PexMessage.MAX_PEERS, "caps");
        m.added().forEach(p -> assertTrue(p.address().getPort() > 0 && p.flags() >= 0 && p.flags() <= 255, p.toString()));
        PexMessage again = PexMessage.decode(m.encode());
        assertEquals(new HashSet<>(m.added()), new HashSet<>(again.added()), "added survives a round trip");
        assertEquals(new HashSet<>(m.dropped()), new HashSet<>(again.dropped()), "dropped survives a round trip");
        assertTrue(new PexReceiver().accept(m, 0).size() <= PexReceiver.MAX_KNOWN);
    }
}
