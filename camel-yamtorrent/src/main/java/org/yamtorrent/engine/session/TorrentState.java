package org.yamtorrent.engine.session;

/** Where a torrent is in its life. */
public enum TorrentState {
    /** Added by info-hash: looking for peers that give us the metadata (BEP 9); nothing is on disk yet. */
    FETCHING_METADATA,
    /** Hashing data already on disk. */
    CHECKING,
    DOWNLOADING,
    /** Every piece verified; uploading to others until the seed limit. */
    SEEDING,
    /** Stopped by the user; verified pieces kept, resumable. */
    PAUSED,
    /** Done: the seed limit was reached or the torrent was stopped for good. */
    STOPPED,
    /** Failed; see the handle's error. */
    ERROR
}
