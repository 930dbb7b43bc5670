package org.yamtorrent.engine.metainfo;

import org.yamtorrent.engine.TorrentException;

/**
 * A .torrent or magnet link that cannot be used. The message names the field and the problem, e.g.
 * "info.pieces length 41 is not a multiple of 20".
 */
public class MetainfoException extends TorrentException {

    public MetainfoException(String message) {
        super(message);
    }

    public MetainfoException(String message, Throwable cause) {
        super(message, cause);
    }
}
