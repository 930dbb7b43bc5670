package org.yamtorrent.engine.metadata;

import org.yamtorrent.engine.TorrentException;

/**
 * A ut_metadata message or metadata that cannot be used: malformed, unsolicited, too large, or not matching the
 * info-hash. The message names the problem; the peer that caused it should be dropped.
 */
public class MetadataException extends TorrentException {

    public MetadataException(String message) {
        super(message);
    }
}
