package org.yamtorrent.engine.tracker;

import org.yamtorrent.engine.TorrentException;

/**
 * A tracker that could not be used for one announce: it reported a failure reason, its reply was malformed, or it
 * did not answer in time. The message names the problem, e.g. "tracker failure: torrent not registered" or
 * "announce reply: peers length 13 is not a multiple of 6".
 */
public class TrackerException extends TorrentException {

    public TrackerException(String message) {
        super(message);
    }

    public TrackerException(String message, Throwable cause) {
        super(message, cause);
    }
}
