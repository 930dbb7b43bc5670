package org.yamtorrent.engine;

/**
 * Base of every error the engine reports on purpose. Parsers, storage and the session throw only subclasses of
 * this (or {@link java.io.IOException} where a caller does I/O), so a caller can tell bad input from a bug.
 */
public class TorrentException extends RuntimeException {

    public TorrentException(String message) {
        super(message);
    }

    public TorrentException(String message, Throwable cause) {
        super(message, cause);
    }
}
