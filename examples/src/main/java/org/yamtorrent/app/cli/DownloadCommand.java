package org.yamtorrent.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code yamtorrent download}: fetches one torrent and exits 0 once every piece is verified. */
@Command(name = "download", mixinStandardHelpOptions = true,
         description = "Download a torrent into a directory; exit 0 once every piece is verified. A magnet link's "
                       + "metadata comes from its peers first (BEP 9; its tr= trackers, x.pe= peers, --peer). "
                       + "Interrupted, it keeps what was verified and resumes from there next time.")
final class DownloadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TORRENT", description = "A .torrent file, its http(s) URL, or a magnet link.")
    String source;

    @Option(names = { "-d", "--dir" }, paramLabel = "DIR", description = "Where the payload goes (default: the current directory).")
    Path dir = Path.of(".");

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up (exit 1) when not done within this time; 0 waits for ever.")
    long timeoutSeconds;

    @Option(names = "--progress-interval", paramLabel = "SECONDS",
            description = "When the output is not a terminal: a progress line this often; 0 prints none (default: ${DEFAULT-VALUE}).")
    long progressIntervalSeconds = 5;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TorrentSource s = new TorrentSource(source);
        // parsed before the engine opens: a malformed input fails at once
        MagnetUri magnet = s.isMagnet() ? s.magnet() : null;
        Metainfo m = magnet == null ? s.metainfo() : null;
        Path directory = dir.toAbsolutePath().normalize();
        try (EngineOptions.Engine e = engine.open()) {
            long start = System.nanoTime();
            TorrentHandle t = magnet != null
                    ? e.session().add(magnet.infoHash(), directory,
                            engine.torrentOptions(directory, magnet.infoHash()).magnet(magnet))
                    : e.session().add(m, directory, engine.torrentOptions(directory, m.infoHash()));
            ProgressDisplay display = new ProgressDisplay(spec.commandLine().getOut(), ProgressDisplay.onTerminal(),
                    TimeUnit.SECONDS.toMillis(progressIntervalSeconds));
            long deadline = timeoutSeconds > 0 ? start + TimeUnit.SECONDS.toNanos(timeoutSeconds) : 0;
            if (!display.follow(t, deadline)) {
                throw new TorrentException(t.name() + " did not complete within " + timeoutSeconds + " s ("
                        + ProgressDisplay.line(t.name(), t.progress()) + ")");
            }
            try {
                t.completion().get();
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception cause ? cause : failed;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Progress p = t.progress();
            spec.commandLine().getOut().printf(java.util.Locale.ROOT, "downloaded %s: %d bytes in %.2f s, %.1f MiB/s, into %s%n",
                    t.name(), p.totalBytes(), seconds, p.totalBytes() / seconds / (1 << 20), directory);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
