package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * A torrent whose every tracker is hostile or silent still completes from a static peer, and the session stays
 * healthy: the trackers are tried, fail one after another, and never stop the download or the shutdown.
 */
@Timeout(120)
class HostileTrackerTest {

    @TempDir
    Path tmp;

    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    @Test
    void torrentWhoseTrackersAllFailOrHangCompletesFromAStaticPeer() throws Exception {
        HostileHttp http = track(new HostileHttp(0));
        BlackHole truncated = track(new BlackHole(
                "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nd8:intervali1800e5:peers6:"));
        HostileUdp wrongAction = track(new HostileUdp((tid, packet) -> reply(1, tid, 1800L)));
        HostileUdp wrongTransaction = track(new HostileUdp((tid, packet) -> reply(0, tid + 1, 42L)));
        BlackHole silentHttp = track(new BlackHole());
        HostileUdp silentUdp = track(new HostileUdp((tid, packet) -> null));

        // Each in its own tier, so they are tried in this order: the quick failures first, then the silent ones,
        // of which only the first is reached while the test runs.
        List<List<String>> tiers = new ArrayList<>();
        for (String path : HostileHttp.FAILING) {
            tiers.add(List.of(http.url(path)));
        }
        tiers.add(List.of("http://127.0.0.1:" + truncated.port() + "/announce"));
        tiers.add(List.of(wrongAction.url()));
        tiers.add(List.of(wrongTransaction.url()));
        tiers.add(List.of("http://127.0.0.1:" + silentHttp.port() + "/announce"));
        tiers.add(List.of(silentUdp.url()));

        completesFromAStaticPeer(tiers);
        for (String path : HostileHttp.FAILING) {
            Swarms.waitFor(() -> http.hits(path) > 0, Duration.ofSeconds(30), "announced to " + path);
        }
        Swarms.waitFor(() -> truncated.connections() > 0, Duration.ofSeconds(30), "announced to the truncating tracker");
        Swarms.waitFor(() -> wrongAction.packets() > 0, Duration.ofSeconds(30), "announced to the UDP tracker with a wrong action");
        Swarms.waitFor(() -> wrongTransaction.packets() > 0, Duration.ofSeconds(30), "announced to the UDP tracker with wrong ids");
    }

    /**
     * A tracker that answers with 100,000 peers (all the same black hole that never shakes hands): the list is
     * capped, the peer is tried and times out, and the static peer completes the torrent.
     */
    @Test
    void hugePeerListFromATrackerDoesNotStopTheStaticPeer() throws Exception {
        BlackHole peerHole = track(new BlackHole());
        HostileHttp http = track(new HostileHttp(peerHole.port()));
        completesFromAStaticPeer(List.of(List.of(http.url("/huge-peer-list"))));
        Swarms.waitFor(() -> http.hits("/huge-peer-list") > 0, Duration.ofSeconds(30), "announced");
        Swarms.waitFor(() -> peerHole.connections() > 0, Duration.ofSeconds(30), "the tracker's peer was dialled");
    }

    /** Seeds a payload from one session and downloads it, with {@code tiers} as its trackers, from another. */
    private void completesFromAStaticPeer(List<List<String>> tiers) throws Exception {
        byte[] data = TestTorrents.randomBytes(3 * 1024 * 1024 + 5, 9);
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/t.bin"), data);
        Metainfo m = MetainfoReader.read(TorrentCreator.of(tmp.resolve("seed/t.bin")).pieceLength(64 * 1024)
                .announceList(tiers).create().bytes());
        Session seeder = track(Session.open(Swarms.config(null)));
        Session leecher = track(Session.open(Swarms.config(null).handshakeTimeout(Duration.ofSeconds(2))));
        seeder.add(m, tmp.resolve("seed"), new TorrentOptions().useTrackers(false).seedForever())
                .completion().get(30, TimeUnit.SECONDS);
        TorrentHandle leech = leecher.add(m, tmp.resolve("leech"), new TorrentOptions()
                .seedForever().addStaticPeer(new InetSocketAddress("127.0.0.1", seeder.listenPort())));
        leech.completion().get(60, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/t.bin")));
        assertEquals(TorrentState.SEEDING, leech.state());
    }

    private static byte[] reply(int action, int transactionId, long value) {
        return ByteBuffer.allocate(16).putInt(action).putInt(transactionId).putLong(value).array();
    }

    private <T extends AutoCloseable> T track(T server) {
        servers.add(server);
        return server;
    }

    /**
     * Accepts TCP connections on 127.0.0.1 and never sends a byte (a silent tracker, a peer that never shakes
     * hands), or sends {@code reply} and hangs up (a tracker whose body stops short of its Content-Length).
     */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        private final List<Socket> held = new ArrayList<>();

        BlackHole() throws IOException {
            this(null);
        }

        BlackHole(String reply) throws IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                        if (reply != null) {
                            s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                            s.close();
                        }
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            }, "black-hole");
            t.setDaemon(true);
            t.start();
        }

        int connections() {
            synchronized (held) {
                return held.size();
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /** HTTP trackers on 127.0.0.1 that each misbehave in their own way, one per path. */
    private static final class HostileHttp implements AutoCloseable {
        /** The paths whose replies fail at once. */
        static final List<String> FAILING = List.of("/garbage", "/failure", "/redirect-loop", "/oversized",
                "/negative-interval");

        private final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

        HostileHttp(int blackHolePort) throws IOException {
            context("/garbage", ex -> send(ex, 200, "<html>this is not bencode</html>".getBytes(StandardCharsets.US_ASCII)));
            context("/failure", ex -> send(ex, 200, "d14:failure reason19:torrent not allowede".getBytes(StandardCharsets.US_ASCII)));
            context("/redirect-loop", ex -> redirect(ex, "/redirect-loop-2"));
            context("/redirect-loop-2", ex -> redirect(ex, "/redirect-loop"));
            context("/oversized", ex -> {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 64; i++) {
                        out.write(chunk); // 4 MiB, twice the client's cap: it hangs up first
                    }
                }
            });
            context("/huge-peer-list", ex -> {
                // 100,000 compact peers: the same black hole over and over, as a tracker might to flood us
                int n = 100_000;
                ByteBuffer peers = ByteBuffer.allocate(6 * n);
                for (int i = 0; i < n; i++) {
                    peers.put(new byte[] {127, 0, 0, 1}).putShort((short) blackHolePort);
                }
                byte[] head = ("d8:intervali1800e5:peers" + 6 * n + ":").getBytes(StandardCharsets.US_ASCII);
                ByteBuffer body = ByteBuffer.allocate(head.length + 6 * n + 1).put(head).put(peers.array()).put((byte) 'e');
                send(ex, 200, body.array());
            });
            context("/negative-interval", ex -> send(ex, 200, "d8:intervali-1e5:peers0:e".getBytes(StandardCharsets.US_ASCII)));
            server.start();
        }

        private interface Handler {
            void handle(HttpExchange ex) throws IOException;
        }

        private void context(String path, Handler h) {
            server.createContext(path, ex -> {
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                try {
                    h.handle(ex);
                } catch (IOException hungUp) {
                    // the client gave up first, as it should
                } finally {
                    ex.close();
                }
            });
        }

        private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }

        private static void redirect(HttpExchange ex, String to) throws IOException {
            ex.getResponseHeaders().add("Location", to);
            ex.sendResponseHeaders(302, -1);
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        int hits(String path) {
            AtomicInteger n = hits.get(path);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A UDP tracker on 127.0.0.1 answering each request with what {@code answer} returns (null: silence). */
    private static final class HostileUdp implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        private final AtomicInteger packets = new AtomicInteger();

        HostileUdp(BiFunction<Integer, byte[], byte[]> answer) throws IOException {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[2048];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        packets.incrementAndGet();
                        if (p.getLength() >= 16) {
                            byte[] reply = answer.apply(ByteBuffer.wrap(buf).getInt(12), buf);
                            if (reply != null) {
                                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                            }
                        }
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            }, "hostile-udp");
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "udp://127.0.0.1:" + socket.getLocalPort() + "/announce";
        }

        int packets() {
            return packets.get();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
