package org.yamtorrent.engine.session;

import java.time.Duration;

import org.yamtorrent.engine.TorrentException;

/**
 * A torrent added by info-hash (a magnet link) got no metadata from its peers within
 * {@link TorrentOptions#metadataTimeout}: no peer that has it was found, or none would give it.
 */
public final class MetadataTimeoutException extends TorrentException {

    private final String infoHash;

    public MetadataTimeoutException(TorrentHandle t, Duration limit) {
        super("no metadata for " + t.infoHash().hex() + (t.name().equals(t.infoHash().hex()) ? "" : " (" + t.name() + ")")
                + " within " + limit.toSeconds() + " s: " + t.progress().peers() + " peers connected, "
                + t.knownPeers(PeerSource.TRACKER).size() + " from trackers, " + t.knownPeers(PeerSource.STATIC).size()
                + " static");
        this.infoHash = t.infoHash().hex();
    }

    /** The torrent's info-hash, 40 hex digits. */
    public String infoHash() {
        return infoHash;
    }
}
