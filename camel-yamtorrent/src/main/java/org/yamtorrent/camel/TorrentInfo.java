package org.yamtorrent.camel;

import java.io.InputStream;

import org.apache.camel.Message;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * {@code torrent:info}: what a route needs to know about a .torrent before downloading it, for example its
 * info-hash as the key of an idempotent consumer.
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

    static void setHeaders(Message message, Metainfo m) {
        message.setHeader(TorrentConstants.INFO_HASH, m.infoHash().hex());
        message.setHeader(TorrentConstants.NAME, m.name());
        message.setHeader(TorrentConstants.TOTAL_LENGTH, m.totalLength());
        message.setHeader(TorrentConstants.FILE_COUNT, (int) m.files().stream().filter(f -> !f.isPadding()).count());
    }
}
