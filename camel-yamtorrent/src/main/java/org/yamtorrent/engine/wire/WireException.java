package org.yamtorrent.engine.wire;

import org.yamtorrent.engine.TorrentException;

/**
 * A peer broke the wire protocol (bad handshake, a frame over the limit, a message of the wrong length) or a
 * connection timed out. The decoders fire it through {@code exceptionCaught} and close the channel themselves, so
 * a session only has to forget the peer. The message names the field and the problem, e.g.
 * "message length 2147483647 exceeds limit 131081".
 */
public class WireException extends TorrentException {

    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
