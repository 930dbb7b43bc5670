package org.yamtorrent.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentListener;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code yamtorrent info}: what a .torrent or magnet link says, one {@code key: value} per line. */
@Command(name = "info", mixinStandardHelpOptions = true,
         description = "Print what a .torrent file (or its URL) says: name, info-hash, size, pieces, files, "
                       + "trackers; for a magnet link the same, from the metadata its peers send (or, with --timeout 0, "
                       + "what the link itself says).")
final class InfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TORRENT", description = "A .torrent file, its http(s) URL, or a magnet link.")
    String source;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "A magnet link: how long to fetch its metadata from peers (BEP 9) for the full listing "
                          + "(exit 1 when it did not come); 0 prints only what the link says (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 60;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TorrentSource s = new TorrentSource(source);
        PrintWriter out = spec.commandLine().getOut();
        if (!s.isMagnet()) {
            print(out, s.metainfo());
        } else if (timeoutSeconds == 0) {
            print(out, s.magnet());
        } else {
            print(out, fetch(s.magnet()));
        }
        out.flush();
        return 0;
    }

    /** Adds the magnet to a session in a scratch directory until its metadata arrives, then stops it. */
    private Metainfo fetch(MagnetUri magnet) throws Exception {
        Path scratch = Files.createTempDirectory("yamtorrent-info");
        CompletableFuture<Metainfo> metadata = new CompletableFuture<>();
        try (EngineOptions.Engine e = engine.open()) {
            TorrentHandle t = e.session().add(magnet.infoHash(), scratch, engine.torrentOptions(scratch, magnet.infoHash())
                    .magnet(magnet).addListener(new TorrentListener() {
                        @Override
                        public void metadataReceived(TorrentHandle torrent) {
                            metadata.complete(torrent.metainfo());
                        }
                    }));
            try {
                return metadata.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException late) {
                throw new TorrentException("no metadata for " + magnet.infoHash() + " within " + timeoutSeconds
                        + " s (" + t.progress().peers() + " peers connected); --timeout 0 prints what the link says");
            } finally {
                t.stop();
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
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
