package org.yamtorrent.camel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.FilePriority;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;

/** Turns a completed torrent into Camel messages: one per payload file, with the component's headers. */
final class Payloads {

    private Payloads() {
    }

    /**
     * One message per selected payload file (pad files excluded), in torrent order, whose body is the file on disk.
     */
    static List<Message> messages(CamelContext context, TorrentHandle t) {
        return messages(context, t, i -> t.directory().resolve(t.metainfo().files().get(i).relativePath()).toFile());
    }

    /**
     * One message per selected payload file (pad files excluded), in torrent order.
     *
     * @param body the body of each message, given the file's index in {@code metainfo().files()}
     */
    static List<Message> messages(CamelContext context, TorrentHandle t, IntFunction<Object> body) {
        Metainfo m = t.metainfo();
        List<FilePriority> priorities = t.filePriorities();
        Progress p = t.progress();
        List<Message> out = new ArrayList<>();
        int index = 0;
        for (int i = 0; i < m.files().size(); i++) {
            FileEntry f = m.files().get(i);
            if (f.isPadding()) {
                continue;
            }
            if (priorities.get(i) != FilePriority.SKIP) {
                Message msg = new DefaultMessage(context);
                msg.setBody(body.apply(i));
                msg.setHeader(Exchange.FILE_NAME, f.relativePath());
                msg.setHeader(Exchange.FILE_LENGTH, f.length());
                msg.setHeader(TorrentConstants.FILE_INDEX, index);
                msg.setHeader(TorrentConstants.FILE_LENGTH, f.length());
                torrentHeaders(msg, t, p);
                out.add(msg);
            }
            index++;
        }
        out.forEach(msg -> msg.setHeader(TorrentConstants.FILE_COUNT, out.size()));
        return out;
    }

    /** {@link #messages} whose bodies are streams of {@code d}, with {@code Content-Length} set. */
    static List<Message> streams(CamelContext context, StreamedDownload d) {
        List<Message> out = messages(context, d.torrent(), d::open);
        out.forEach(m -> m.setHeader(Exchange.CONTENT_LENGTH, m.getHeader(TorrentConstants.FILE_LENGTH)));
        return out;
    }

    static void torrentHeaders(Message msg, TorrentHandle t, Progress p) {
        msg.setHeader(TorrentConstants.INFO_HASH, t.infoHash().hex());
        msg.setHeader(TorrentConstants.NAME, t.name());
        msg.setHeader(TorrentConstants.TOTAL_LENGTH, t.metainfo().totalLength());
        msg.setHeader(TorrentConstants.DURATION, t.elapsed().toMillis());
        msg.setHeader(TorrentConstants.DOWNLOADED, p.downloaded());
        msg.setHeader(TorrentConstants.UPLOADED, p.uploaded());
    }

    /** Copies a message's body and headers onto an exchange's message. */
    static void copy(Message from, Message to) {
        to.setBody(from.getBody());
        to.getHeaders().putAll(from.getHeaders());
    }
}
