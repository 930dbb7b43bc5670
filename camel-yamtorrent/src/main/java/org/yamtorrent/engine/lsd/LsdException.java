package org.yamtorrent.engine.lsd;

import org.yamtorrent.engine.TorrentException;

/** A datagram on the LSD group that is not a well-formed BT-SEARCH announce; the message says why. */
public class LsdException extends TorrentException {

    public LsdException(String message) {
        super(message);
    }
}
