package org.yamtorrent.engine.lsd;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.PeerSource;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * A whole engine session run inside a network namespace by {@link LsdSessionTest}: it listens on the namespace's
 * address, has no tracker, no DHT and no static peer, only Local Service Discovery on one interface (announcing
 * every second rather than BEP 14's five minutes, so the test is quick). {@code seed} seeds until killed;
 * {@code leech} downloads and exits 0 once every piece verified. Each prints "PEER address source" for the peers it
 * has. Arguments: seed|leech, address, interface, .torrent, data directory, seconds.
 */
public final class LsdPeer {

    public static void main(String[] args) throws Exception {
        boolean seed = args[0].equals("seed");
        NetworkInterface ni = NetworkInterface.getByName(args[2]);
        LsdConfig lsd = new LsdConfig(ni, List.of(LsdConfig.IPV4_GROUP), 1, Duration.ofSeconds(1), Duration.ofMillis(500));
        Metainfo m = new MetainfoReader().parse(Path.of(args[3]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[5]));
        try (Session session = Session.open(new SessionConfig().listenAddress(InetAddress.getByName(args[1]))
                .listenPort(0).lsd(lsd))) {
            TorrentOptions options = new TorrentOptions().useTrackers(false);
            TorrentHandle t = session.add(m, Path.of(args[4]), seed ? options.seedForever() : options);
            String printed = "";
            while (System.nanoTime() < deadline && !(t.completion().isDone() && !seed)) {
                String peers = t.peers().stream().map(p -> "PEER " + p.address() + " " + p.source())
                        .collect(Collectors.joining("\n"));
                if (!peers.isEmpty() && !peers.equals(printed)) {
                    System.out.println(peers);
                    printed = peers;
                }
                Thread.sleep(100);
            }
            boolean ok = t.completion().isDone() && !t.completion().isCompletedExceptionally();
            System.out.println((ok ? "COMPLETE " : "INCOMPLETE ") + t.progress().peers() + " peers, sources "
                    + t.peers().stream().map(p -> p.source()).collect(Collectors.toSet()));
            System.out.flush();
            System.exit(ok || seed ? 0 : 2);
        }
    }

    static boolean heardByLsd(String log) {
        return log.contains(" " + PeerSource.LSD);
    }
}
