package org.yamtorrent.engine.wire;

/** A peer broke the MSE/PE handshake (or the encryption policy refused it); the message names what was wrong. */
public final class MseException extends WireException {

    public MseException(String message) {
        super("encryption handshake: " + message);
    }
}
