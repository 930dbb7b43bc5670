package org.yamtorrent.app;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * The engine without Camel, for benchmarks and scripts:
 * <pre>
 * java -cp examples/target/yamtorrent-app.jar org.yamtorrent.app.Cli download FILE.torrent DIR [PORT]
 * java -cp examples/target/yamtorrent-app.jar org.yamtorrent.app.Cli seed FILE.torrent DIR [PORT]
 * </pre>
 * {@code download} exits 0 once every piece is verified (1 on failure); {@code seed} verifies DIR and seeds until
 * killed. Peers come from the torrent's trackers; {@code -Dyamtorrent.peers=host:port,...} adds static peers.
 */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[0].equals("download") || args[0].equals("seed"))) {
            System.err.println("usage: Cli download|seed FILE.torrent DIR [PORT]");
            System.exit(2);
        }
        Metainfo m = new MetainfoReader().parse(Path.of(args[1]));
        SessionConfig config = new SessionConfig()
                .listenAddress(InetAddress.getByName(System.getProperty("yamtorrent.listen", "127.0.0.1")))
                .listenPort(args.length > 3 ? Integer.parseInt(args[3]) : 0)
                .minAnnounceInterval(Duration.ofSeconds(5));
        TorrentOptions options = new TorrentOptions();
        String peers = System.getProperty("yamtorrent.peers", "");
        for (String p : peers.split(",")) {
            if (!p.isBlank()) {
                int colon = p.lastIndexOf(':');
                options.addStaticPeer(new java.net.InetSocketAddress(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1))));
            }
        }
        boolean seed = args[0].equals("seed");
        if (seed) {
            options.seedForever();
        }
        try (Session session = Session.open(config)) {
            long start = System.nanoTime();
            TorrentHandle t = session.add(m, Path.of(args[2]), options);
            if (seed) {
                t.completion().join();
                System.out.println("seeding " + m.name() + " on port " + session.listenPort());
                // Re-announce often so leechers that only accept connections (Transmission on loopback) get dialled.
                while (true) {
                    Thread.sleep(5000);
                    t.announceNow();
                }
            }
            t.completion().join();
            double seconds = (System.nanoTime() - start) / 1e9;
            Progress p = t.progress();
            System.out.printf("downloaded %s: %d bytes in %.2f s, %.1f MiB/s%n", m.name(), p.totalBytes(), seconds,
                    p.totalBytes() / seconds / (1 << 20));
        } catch (RuntimeException e) {
            System.err.println("failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
