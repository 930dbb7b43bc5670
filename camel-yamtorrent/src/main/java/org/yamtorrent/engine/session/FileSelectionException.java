package org.yamtorrent.engine.session;

import org.yamtorrent.engine.TorrentException;

/**
 * A file selection that does not fit: an item that is not an index, range or pattern, an index beyond the
 * torrent's files, or a pattern that matches none of them. The message names the item.
 */
public class FileSelectionException extends TorrentException {

    public FileSelectionException(String message) {
        super(message);
    }
}
