package org.yamtorrent.engine.webseed;

import java.time.Duration;

import org.yamtorrent.engine.TorrentException;

/**
 * One range request to a web seed that did not give us its bytes: an error status, a missing or wrong
 * Content-Range, a body shorter or longer than asked, a server that ignores Range, no reply in time, or a connection
 * that failed. The message names the URL and the problem, e.g. "http://host/f.bin bytes 0-1048575: HTTP status 404".
 */
public class WebSeedException extends TorrentException {

    private final Duration retryAfter;

    public WebSeedException(String message) {
        this(message, null, null);
    }

    public WebSeedException(String message, Throwable cause) {
        this(message, null, cause);
    }

    WebSeedException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** What the server's Retry-After asked for (a 503 or 429), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
