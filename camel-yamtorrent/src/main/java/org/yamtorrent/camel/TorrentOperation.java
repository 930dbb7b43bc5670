package org.yamtorrent.camel;

/** What a {@code torrent:} endpoint does. */
public enum TorrentOperation {
    /** Download torrents: as a consumer from a drop folder, as a producer from the message body. */
    download,
    /** Make a .torrent from a file or directory (producer). */
    create,
    /** Verify local data against a .torrent and seed it (producer). */
    seed,
    /** Read a .torrent into headers (info-hash, name, sizes) without downloading; the body stays (producer). */
    info
}
