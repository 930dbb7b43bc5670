package org.yamtorrent.app.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code yamtorrent info}: what a .torrent or magnet link says, one {@code key: value} per line. */
@Command(name = "info", mixinStandardHelpOptions = true,
         description = "Print what a .torrent file (or its URL) or a magnet link says: name, info-hash, size, pieces, "
                       + "files, trackers.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TORRENT", description = "A .torrent file, its http(s) URL, or a magnet link.")
    String source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TorrentSource s = new TorrentSource(source);
        PrintWriter out = spec.commandLine().getOut();
        if (s.isMagnet()) {
            print(out, s.magnet());
        } else {
            print(out, s.metainfo());
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, MagnetUri m) {
        out.println("info-hash: " + m.infoHash().hex());
        if (m.displayName() != null) {
            out.println("name: " + m.displayName());
        }
        if (m.exactLength() != null) {
            out.println("size: " + m.exactLength() + " (" + ProgressDisplay.bytes(m.exactLength()) + ")");
        }
        m.trackers().forEach(t -> out.println("tracker: " + t));
        m.peers().forEach(p -> out.println("peer: " + p));
    }

    private static void print(PrintWriter out, Metainfo m) {
        out.println("name: " + m.name());
        out.println("info-hash: " + m.infoHash().hex());
        out.println("size: " + m.totalLength() + " (" + ProgressDisplay.bytes(m.totalLength()) + ")");
        out.println("pieces: " + m.pieceCount() + " x " + m.pieceLength() + " bytes");
        out.println("private: " + m.isPrivate());
        List<List<String>> tiers = m.trackerTiers();
        for (int i = 0; i < tiers.size(); i++) {
            for (String url : tiers.get(i)) {
                out.println("tracker: " + url + (tiers.size() > 1 ? " (tier " + (i + 1) + ")" : ""));
            }
        }
        m.urlList().forEach(u -> out.println("web seed: " + u));
        if (m.comment() != null) {
            out.println("comment: " + m.comment());
        }
        if (m.createdBy() != null) {
            out.println("created by: " + m.createdBy());
        }
        if (m.creationDate() != null) {
            out.println("created: " + Instant.ofEpochSecond(m.creationDate()));
        }
        for (FileEntry f : m.files()) {
            if (!f.isPadding()) {
                out.println("file: " + f.relativePath() + " (" + f.length() + " bytes)");
            }
        }
    }
}
