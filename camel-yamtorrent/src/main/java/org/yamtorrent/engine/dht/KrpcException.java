package org.yamtorrent.engine.dht;

import org.yamtorrent.engine.TorrentException;

/** A KRPC datagram that is not a well-formed BEP 5 message; the message says what is wrong. */
public class KrpcException extends TorrentException {

    public KrpcException(String message) {
        super(message);
    }
}
