package org.yamtorrent.engine.extension;

import java.util.Map;

import io.netty.buffer.ByteBuf;

/**
 * One BEP 10 extension (ut_metadata, ut_pex, ...): its name in the {@code m} dictionary, the fields it adds to our
 * extension handshake, and what it does with the peer's handshake and messages. One instance per torrent, made by
 * the factory given to {@code SessionHooks.addExtension}; peers of that torrent call it from their event loops at the
 * same time, so it guards its own state. It is never called under an engine lock.
 */
public interface Extension {

    /** The name in the {@code m} dictionary, e.g. {@code ut_metadata}. */
    String name();

    /**
     * Adds this extension's top-level fields to our handshake (e.g. {@code metadata_size}); called once per peer,
     * before the handshake is sent. The registry owns {@code m}, {@code p}, {@code v}, {@code reqq}.
     */
    default void addHandshakeFields(Map<String, Object> handshake) {
    }

    /**
     * The peer's extension handshake arrived (again: BEP 10 allows several). {@link ExtensionPeer#supports} says
     * whether it named this extension.
     *
     * @param handshake the peer's whole dictionary, decoded by the one strict bencode reader
     */
    default void peerHandshake(ExtensionPeer peer, Map<String, Object> handshake) {
    }

    /**
     * An extended message for this extension (the peer used our id for it). The payload is released by the
     * caller after this returns; retain it to keep it. Throw {@link org.yamtorrent.engine.wire.WireException} to
     * drop the peer for a malformed message.
     */
    void onMessage(ExtensionPeer peer, ByteBuf payload);

    /** The peer left; forget what is kept for it. */
    default void peerGone(ExtensionPeer peer) {
    }

    /**
     * Once a second on the session's timer thread while the torrent runs, for what is due by time (retries,
     * PEX's once-a-minute message).
     *
     * @param nowMillis {@link System#currentTimeMillis()}
     */
    default void tick(long nowMillis) {
    }
}
