package org.yamtorrent.engine.pex;

import org.yamtorrent.engine.TorrentException;

/** A ut_pex message that cannot be read; the message names the field and the problem. */
public class PexException extends TorrentException {

    public PexException(String message) {
        super(message);
    }
}
