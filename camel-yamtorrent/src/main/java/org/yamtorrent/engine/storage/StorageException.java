package org.yamtorrent.engine.storage;

import org.yamtorrent.engine.TorrentException;

/**
 * A piece or file cannot be stored, read or verified. The message names the file (relative to the target
 * directory) and the operation, e.g. "write t/a.bin at 16384: No space left on device".
 */
public class StorageException extends TorrentException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
