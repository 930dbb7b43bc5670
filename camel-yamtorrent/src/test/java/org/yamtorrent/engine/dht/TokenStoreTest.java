package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Tokens: bound to the asker's IP, good for the current and the previous 5-minute secret, then refused. */
class TokenStoreTest {

    @Test
    void aTokenLivesTwoRotationsAndOnlyForItsAddress() throws Exception {
        long t = 0;
        long period = TokenStore.ROTATION.toNanos();
        TokenStore tokens = new TokenStore(t);
        InetAddress asker = InetAddress.getByName("10.0.0.1");
        byte[] token = tokens.token(asker, t);
        assertTrue(tokens.valid(token, asker, t + 1));
        assertFalse(tokens.valid(token, InetAddress.getByName("10.0.0.2"), t + 1));
        assertTrue(tokens.valid(token, asker, t + period + 1), "the previous secret still counts");
        assertFalse(tokens.valid(token, asker, t + 2 * period + 1), "two rotations later it is gone");
        assertFalse(tokens.valid(null, asker, t));
        assertFalse(tokens.valid(new byte[0], asker, t));
    }

    @Test
    void afterALongSilenceNoOldTokenPasses() throws Exception {
        TokenStore tokens = new TokenStore(0);
        InetAddress asker = InetAddress.getByName("::1");
        byte[] token = tokens.token(asker, 0);
        assertFalse(tokens.valid(token, asker, 10 * TokenStore.ROTATION.toNanos()));
    }
}
