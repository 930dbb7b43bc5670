package org.yamtorrent.engine.wire;

/**
 * Which connections MSE/PE (Message Stream Encryption) lets through, and the crypto methods that follows from it:
 * the {@code crypto_provide} bits we offer and the {@code crypto_select} we answer an offer with.
 */
public enum Encryption {
    /** Accepts plaintext and encrypted connections, offers RC4 on the ones it makes, selects RC4 when offered. */
    PREFER,
    /** Only RC4-encrypted connections, both ways; plaintext handshakes and plaintext-only offers are refused. */
    REQUIRE,
    /** Plaintext only; an incoming encrypted handshake is refused. */
    DISABLE;

    /** The crypto method bit for a plaintext payload stream after the MSE exchange. */
    static final int PLAINTEXT = 1;
    /** The crypto method bit for an RC4-encrypted payload stream. */
    static final int RC4 = 2;

    /** Our {@code crypto_provide} as initiator: RC4, and plaintext too unless REQUIRE. */
    int provide() {
        return this == REQUIRE ? RC4 : RC4 | PLAINTEXT;
    }

    /**
     * Our {@code crypto_select} as responder: RC4 whenever offered (we prefer encryption), plaintext only as the
     * policy allows.
     *
     * @throws MseException when nothing offered is acceptable
     */
    int select(int provide) {
        if ((provide & RC4) != 0) {
            return RC4;
        }
        if ((provide & PLAINTEXT) != 0 && this == PREFER) {
            return PLAINTEXT;
        }
        throw new MseException("the peer offers crypto_provide 0x" + Integer.toHexString(provide)
                + (this == REQUIRE ? ", not RC4, which encryption=require needs" : ", no method we know"));
    }
}
