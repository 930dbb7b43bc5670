package org.yamtorrent.engine.session;

import io.netty.channel.Channel;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Lets another layer shape each peer connection before the BitTorrent handshake, e.g. BEP 8/MSE encryption
 * inserting its handler in front of the handshake decoder. Registered with {@link Session#addConnectionHook}.
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
