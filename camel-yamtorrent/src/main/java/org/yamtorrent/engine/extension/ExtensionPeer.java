package org.yamtorrent.engine.extension;

import java.net.InetSocketAddress;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import org.yamtorrent.engine.wire.Feature;

/** What an {@link Extension} may see of, and do with, one connected peer. Thread-safe. */
public interface ExtensionPeer {

    InetSocketAddress address();

    /** The client prefix of its peer id, for logs (e.g. "-TR3000-"). */
    String client();

    /** The reserved-bit features of its BT handshake. */
    Set<Feature> features();

    /** Whether its latest extension handshake named {@code extension} with a non-zero id. */
    boolean supports(String extension);

    /**
     * Sends an extended message of {@code extension} with the id the peer chose for it, through the peer's one
     * ordered write path (after anything sent before, from any thread). Takes ownership of {@code payload}.
     *
     * @return false (and releases the payload) when the peer does not support the extension or is gone
     */
    boolean sendExtended(String extension, ByteBuf payload);

    /** Drops the peer, e.g. for sending bad metadata; {@code why} is logged. */
    void close(String why);

    /** Drops the peer and refuses it in this torrent from now on (its address, or peer id). */
    void ban(String why);
}
