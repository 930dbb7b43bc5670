package org.yamtorrent.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.TorrentHandle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code yamtorrent seed}: verifies the data in a directory and seeds it until stopped. */
@Command(name = "seed", mixinStandardHelpOptions = true,
         description = "Verify the data in DIR and seed it until stopped (Ctrl-C or SIGTERM, which announces the stop). "
                       + "Pieces missing from DIR are fetched from peers first.")
final class SeedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    Path torrent;

    @Parameters(index = "1", paramLabel = "DIR", description = "The directory holding the payload (the torrent's name inside it).")
    Path dir;

    @Option(names = "--reannounce", paramLabel = "SECONDS",
            description = "Announce this often, whatever the tracker asks; 0 follows the tracker (default).")
    long reannounceSeconds;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Metainfo m = new MetainfoReader().parse(torrent);
        Path directory = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EngineOptions.Engine e = engine.open()) {
            TorrentHandle t = e.session().add(m, directory, engine.torrentOptions(directory, m.infoHash()).seedForever());
            try {
                t.completion().get();
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception cause ? cause : failed;
            }
            out.printf("seeding %s (%s) on port %d%n", m.name(), m.infoHash(), e.session().listenPort());
            out.flush();
            while (true) {
                if (reannounceSeconds > 0) {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(reannounceSeconds));
                    t.announceNow(true);
                } else {
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
        }
    }
}
