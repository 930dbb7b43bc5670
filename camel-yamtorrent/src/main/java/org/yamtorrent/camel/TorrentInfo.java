package org.yamtorrent.camel;

import java.io.InputStream;

import org.apache.camel.Message;
import org.yamtorrent.engine.metadata.TorrentFile;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * {@code torrent:info}: what a route needs to know about a .torrent before downloading it, for example its
 * info-hash as the key of an idempotent consumer. For a magnet link the metadata is fetched first ({@link MagnetInfo})
 * and the body becomes the .torrent, which a route can archive and later steps download like any .torrent.
 */
final class TorrentInfo {

    private TorrentInfo() {
    }

    /** A stream body would be used up by reading the torrent; it becomes bytes so the next step can read it too. */
    static void keepBodyReadable(Message message) {
        if (message.getBody() instanceof InputStream) {
            message.setBody(message.getBody(byte[].class));
        }
    }

    /** A magnet link's metadata arrived: the body becomes the .torrent, named {@code <name>.torrent}. */
    static void setTorrent(Message message, byte[] torrent, InfoHash infoHash) {
        Metainfo m = TorrentFile.metainfo(torrent, infoHash);
        message.setBody(torrent);
        setHeaders(message, m);
        message.setHeader(TorrentConstants.FILE_NAME, m.name() + ".torrent");
    }

    static void setHeaders(Message message, Metainfo m) {
        message.setHeader(TorrentConstants.INFO_HASH, m.infoHash().hex());
        message.setHeader(TorrentConstants.NAME, m.name());
        message.setHeader(TorrentConstants.TOTAL_LENGTH, m.totalLength());
        message.setHeader(TorrentConstants.FILE_COUNT, (int) m.files().stream().filter(f -> !f.isPadding()).count());
    }
}
