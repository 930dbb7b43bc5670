package org.yamtorrent.engine.session;

import org.yamtorrent.engine.metainfo.FileEntry;

/**
 * Torrent events. Called from engine threads, one torrent's events one at a time in the order they happened and
 * never under an engine lock: return quickly and do not block. Every method has an empty default, so a listener
 * implements only what it needs.
 */
public interface TorrentListener {

    default void pieceVerified(TorrentHandle torrent, int piece) {
    }

    /** The piece's data did not match its hash; it is fetched again. */
    default void pieceFailed(TorrentHandle torrent, int piece) {
    }

    /** A torrent added by info-hash got its metadata: {@link TorrentHandle#metainfo()} is set from now on. */
    default void metadataReceived(TorrentHandle torrent) {
    }

    /** Every piece that overlaps the file is verified. */
    default void fileCompleted(TorrentHandle torrent, int fileIndex, FileEntry file) {
    }

    /** Every piece is verified; the payload is complete on disk. */
    default void torrentCompleted(TorrentHandle torrent) {
    }

    default void stateChanged(TorrentHandle torrent, TorrentState state) {
    }

    default void error(TorrentHandle torrent, Throwable error) {
    }
}
