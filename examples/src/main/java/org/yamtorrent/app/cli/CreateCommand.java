package org.yamtorrent.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TorrentCreator;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code yamtorrent create}: makes a .torrent of a file or directory. */
@Command(name = "create", mixinStandardHelpOptions = true,
         description = "Make a .torrent (BitTorrent v1) of a file or a directory.")
final class CreateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PATH", description = "The file or directory to share.")
    Path path;

    @Option(names = { "-a", "--announce" }, paramLabel = "URL", required = true,
            description = "The tracker's announce URL; repeat it for backup trackers (one BEP 12 tier each).")
    List<String> announce = new ArrayList<>();

    @Option(names = { "-l", "--piece-length" }, paramLabel = "N", converter = Size.class,
            description = "Bytes per piece, a power of two from 16K to 64M (K and M suffixes work); "
                          + "default: one for about 1000-2000 pieces.")
    int pieceLength;

    @Option(names = { "-o", "--output" }, paramLabel = "FILE", description = "Where to write it (default: <name>.torrent here).")
    Path output;

    @Option(names = { "-c", "--comment" }, paramLabel = "TEXT", description = "A comment stored in the torrent.")
    String comment;

    @Option(names = { "-w", "--web-seed" }, paramLabel = "URL",
            description = "A web seed (BEP 19 url-list) holding the payload; repeat it for more.")
    List<String> webSeeds = new ArrayList<>();

    @Option(names = { "-p", "--private" }, description = "Mark the torrent private (BEP 27): peers only from its trackers.")
    boolean privateFlag;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TorrentCreator creator = TorrentCreator.of(path).announce(announce.get(0)).privateFlag(privateFlag);
        if (announce.size() > 1) {
            creator.announceList(announce.stream().map(List::of).toList());
        }
        if (pieceLength > 0) {
            creator.pieceLength(pieceLength);
        }
        if (comment != null) {
            creator.comment(comment);
        }
        if (!webSeeds.isEmpty()) {
            creator.urlList(webSeeds);
        }
        TorrentCreator.Result r = creator.create();
        var m = MetainfoReader.read(r.bytes());
        Path out = output != null ? output : Path.of(m.name() + ".torrent");
        Files.write(out, r.bytes());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "created %s: %s, %d bytes in %d pieces of %d, info-hash %s%n", out, m.name(),
                m.totalLength(), m.pieceCount(), m.pieceLength(), r.infoHash().hex());
        w.flush();
        return 0;
    }

    /** A byte count with an optional K or M suffix (powers of 1024). */
    static final class Size implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim().toUpperCase(Locale.ROOT);
            int shift = v.endsWith("K") ? 10 : v.endsWith("M") ? 20 : 0;
            long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1)) << shift;
            if (n <= 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(value + " is not a piece length");
            }
            return (int) n;
        }
    }
}
