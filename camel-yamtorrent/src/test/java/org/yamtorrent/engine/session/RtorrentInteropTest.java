package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.NetnsHosts;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * Debian's rtorrent 0.9.8 downloads a multi-file torrent from our seed, bit-exact. On 127.0.0.1 rtorrent keeps one
 * peer per IP, and once the tracker has handed it its own address it skips every other 127.0.0.1 peer for ten
 * minutes; so there our seed dials it (a static peer) and announces nowhere. On a host of its own (a network
 * namespace, see {@link NetnsHosts}) it finds us through the tracker alone: our side announces once and dials nobody.
 * rtorrent runs as a daemon with a configuration file of the test's; it marks its finished download with a file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RtorrentInteropTest {

    private static final String RTORRENT = "/usr/bin/rtorrent";

    @TempDir
    Path tmp;

    @Test
    void rtorrentLeechesFromUsOnLoopback() throws Exception {
        ExternalProgram.assumeInstalled(RTORRENT);
        try (EmbeddedTracker tracker = EmbeddedTracker.start()) {
            Path seed = tmp.resolve("seed");
            Metainfo m = TransmissionInteropTest.payload(seed, tracker.announceUrl(), tmp.resolve("t.torrent"));
            int port = ExternalProgram.freeTcpPort();
            Path leech = Files.createDirectories(tmp.resolve("leech"));
            try (ExternalProgram rt = start(tmp.resolve("t.torrent"), leech, port, null);
                 Session session = Session.open(Swarms.config(null))) {
                rt.await(() -> ExternalProgram.listening(port), Duration.ofSeconds(30), "rtorrent's peer port");
                TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever().useTrackers(false)
                        .addStaticPeer(new InetSocketAddress("127.0.0.1", port)));
                awaitDone(rt, leech);
                Swarms.assertSamePayload(m, seed, leech, false);
                assertTrue(t.progress().uploaded() >= m.totalLength(), "we uploaded " + t.progress().uploaded());
            }
        }
    }

    @Test
    void rtorrentFindsUsThroughTheTrackerOverARealLink() throws Exception {
        ExternalProgram.assumeInstalled(RTORRENT);
        try (NetnsHosts net = NetnsHosts.open(); EmbeddedTracker tracker = TransmissionNetnsTest.tracker()) {
            NetnsHosts.Host host = net.host("rt1");
            Path seed = tmp.resolve("seed");
            Metainfo m = TransmissionInteropTest.payload(seed, tracker.announceUrl(), tmp.resolve("t.torrent"));
            try (Session session = Session.open(TransmissionNetnsTest.config())) {
                TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever().useTrackers(false));
                t.completion().get(30, TimeUnit.SECONDS);
                TransmissionNetnsTest.announce(tracker, session, m, 0);
                Path leech = Files.createDirectories(tmp.resolve("leech"));
                try (ExternalProgram rt = start(tmp.resolve("t.torrent"), leech, ExternalProgram.freeTcpPort(), host)) {
                    awaitDone(rt, leech);
                }
                Swarms.assertSamePayload(m, seed, leech, false);
                assertTrue(t.progress().uploaded() >= m.totalLength(), "we uploaded " + t.progress().uploaded());
            }
        }
    }

    /**
     * rtorrent as a daemon fetching {@code torrent} into {@code dir} on peer port {@code port}, inside {@code host}
     * (null: here). Its configuration, session and log sit beside {@code dir}; ExternalProgram points HOME there, so
     * rtorrent reads our .rtorrent.rc and nothing of the user's.
     */
    private static ExternalProgram start(Path torrent, Path dir, int port, NetnsHosts.Host host) throws IOException {
        Path home = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-rtorrent"));
        Files.createDirectories(home.resolve("session"));
        Files.writeString(home.resolve(".rtorrent.rc"), String.join("\n",
                "directory.default.set = " + dir,
                "session.path.set = " + home.resolve("session"),
                "network.port_range.set = " + port + "-" + port,
                "network.port_random.set = no",
                "dht.mode.set = disable",
                "protocol.pex.set = no",
                "trackers.use_udp.set = no",
                "system.daemon.set = true",
                "log.open_file = main, " + home.resolve("rtorrent.log"),
                "log.add_output = info, main",
                // rtorrent has checked every piece of the download: it says so with a file
                "method.set_key = event.download.finished, yt_done, \"execute.nothrow = touch, " + done(dir) + "\"",
                ""));
        List<String> command = List.of(RTORRENT, torrent.toString());
        return ExternalProgram.start(home.resolve("rtorrent.out"), host == null ? command : host.command(command));
    }

    private static Path done(Path dir) {
        return dir.resolveSibling(dir.getFileName() + "-rtorrent").resolve("finished");
    }

    private static void awaitDone(ExternalProgram rt, Path dir) throws Exception {
        try {
            rt.await(() -> Files.exists(done(dir)), Duration.ofSeconds(120), "rtorrent's download");
        } catch (AssertionError e) {
            Path log = done(dir).resolveSibling("rtorrent.log");
            throw new AssertionError(e.getMessage() + "\nrtorrent.log:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(none)"), e);
        }
    }
}
