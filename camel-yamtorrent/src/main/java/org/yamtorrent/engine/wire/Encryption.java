package org.yamtorrent.engine.wire;

/** Which connections MSE/PE (Message Stream Encryption) lets through. */
public enum Encryption {
    /** Accepts plaintext and encrypted connections, offers RC4 on the ones it makes, selects RC4 when offered. */
    PREFER,
    /** Only RC4-encrypted connections, both ways; plaintext handshakes and plaintext-only offers are refused. */
    REQUIRE,
    /** Plaintext only; an incoming encrypted handshake is refused. */
    DISABLE
}
