package org.yamtorrent.engine.session;

import io.netty.channel.Channel;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Lets another layer shape each peer connection before the BitTorrent handshake. Registered with
 * {@link SessionHooks#addConnectionHook}. The session's own MSE/PE handler ({@code "mse"}, see {@code Encryptor})
 * is already first in the pipeline and leaves {@code "rc4"} next to the head when RC4 is chosen, so a handler
 * added with {@code addBefore("encoder", ...)} sees plaintext (payload bytes, e.g. for traffic shaping).
 */
@FunctionalInterface
public interface ConnectionHook {

    /**
     * Called on the channel's event loop when the connection is set up: the codec pipeline
     * ({@code "encoder"}, {@code "idle"}, {@code "handshake"}, see {@link org.yamtorrent.engine.wire.WireTransport})
     * is in place, the session's handler not yet. Our BT handshake is written at {@code channelActive} for a dial,
     * so a handler that must negotiate first holds outbound writes until it is done.
     *
     * @param dialledFor the info-hash we dial for; null for an incoming connection
     */
    void initChannel(Channel channel, InfoHash dialledFor);
}
