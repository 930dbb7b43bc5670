package org.yamtorrent.camel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;

/** Turns a completed torrent into Camel messages: one per payload file, with the component's headers. */
final class Payloads {

    private Payloads() {
    }

    /** One message per payload file (pad files excluded), in torrent order. */
    static List<Message> messages(CamelContext context, TorrentHandle t) {
        Metainfo m = t.metainfo();
        List<FileEntry> files = m.files().stream().filter(f -> !f.isPadding()).toList();
        Progress p = t.progress();
        List<Message> out = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            Message msg = new DefaultMessage(context);
            msg.setBody(t.directory().resolve(f.relativePath()).toFile());
            msg.setHeader(Exchange.FILE_NAME, f.relativePath());
            msg.setHeader(Exchange.FILE_LENGTH, f.length());
            msg.setHeader(TorrentConstants.FILE_INDEX, i);
            msg.setHeader(TorrentConstants.FILE_COUNT, files.size());
            msg.setHeader(TorrentConstants.FILE_LENGTH, f.length());
            torrentHeaders(msg, t, p);
            out.add(msg);
        }
        return out;
    }

    static void torrentHeaders(Message msg, TorrentHandle t, Progress p) {
        msg.setHeader(TorrentConstants.INFO_HASH, t.metainfo().infoHash().hex());
        msg.setHeader(TorrentConstants.NAME, t.metainfo().name());
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
