package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.wire.Encryption;

/**
 * Malicious peers, scripted by hand over raw sockets ({@link RawPeer}), against real sessions on 127.0.0.1. Each
 * case ends with the bad peer dropped and the honest part of the swarm (an in-JVM seeder session) completing a
 * bit-exact payload.
 */
@Timeout(120)
class HostilePeerTest {

    private static final int PIECE = 64 * 1024;
    private static final int PIECES = 16;

    @TempDir
    Path tmp;

    private final byte[] data = TestTorrents.randomBytes(PIECES * PIECE - 1000, 42);
    private final Metainfo m = TestTorrents.singleFile("payload.bin", data, PIECE);
    private Session seeder;
    private final List<AutoCloseable> closeLater = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSeeder() throws Exception {
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/payload.bin"), data);
        seeder = Session.open(Swarms.config(null));
        seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        seeder.close();
    }

    private Session session(SessionConfig config) {
        Session s = Session.open(config);
        closeLater.add(s);
        return s;
    }

    /** A leecher with no peers yet, ready to accept connections. */
    private TorrentHandle leecher(Session s, String dir) throws InterruptedException {
        TorrentHandle t = s.add(m, tmp.resolve(dir), new TorrentOptions());
        Swarms.waitFor(() -> t.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "leecher ready");
        return t;
    }

    private void honestSeederCompletes(TorrentHandle leech, String dir) throws Exception {
        leech.addPeers(List.of(Swarms.local(seeder)));
        leech.completion().get(60, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve(dir).resolve("payload.bin")), "bit-exact payload");
    }

    private interface Script {
        void run(RawPeer bad) throws IOException;
    }

    /**
     * The bad peer dials a fresh leecher, handshakes, runs {@code script} and must then be dropped; the honest
     * seeder then completes the leecher.
     */
    private void droppedThenHonestCompletes(Script script) throws Exception {
        Session victim = session(Swarms.config(null));
        TorrentHandle leech = leecher(victim, "leech");
        try (RawPeer bad = RawPeer.connect(victim.listenPort(), "-XX0001-bad")) {
            bad.sendHandshake(m.infoHash(), false);
            assertEquals(m.infoHash(), bad.readHandshake());
            try {
                script.run(bad);
            } catch (IOException e) {
                // the session may drop the peer before the script has sent everything
            }
            assertTrue(bad.closedWithin(Duration.ofSeconds(20)), "the session drops the bad peer");
        }
        Swarms.waitFor(() -> leech.progress().peers() == 0, Duration.ofSeconds(30), "the bad peer is gone from the swarm");
        honestSeederCompletes(leech, "leech");
    }

    private static byte[] allPieces() {
        return new byte[] {(byte) 0xff, (byte) 0xff};
    }

    @Test
    void oversizedLengthPrefix() throws Exception {
        droppedThenHonestCompletes(bad -> bad.sendRaw(RawPeer.ints(0x7fffffff, 0x07000000)));
    }

    @Test
    void lengthPrefixJustOverThePieceLimit() throws Exception {
        droppedThenHonestCompletes(bad -> bad.sendRaw(RawPeer.ints(9 + 128 * 1024 + 1, 0x07000000)));
    }

    @Test
    void floodOfUnknownMessageIds() throws Exception {
        droppedThenHonestCompletes(bad -> {
            for (int i = 0; i < 200; i++) {
                bad.send(0x42 + i % 100, new byte[100]);
            }
        });
    }

    @Test
    void bitfieldTooShort() throws Exception {
        droppedThenHonestCompletes(bad -> bad.send(RawPeer.BITFIELD, new byte[] {(byte) 0xff}));
    }

    @Test
    void bitfieldTooLong() throws Exception {
        droppedThenHonestCompletes(bad -> bad.send(RawPeer.BITFIELD, new byte[] {(byte) 0xff, (byte) 0xff, 0}));
    }

    @Test
    void bitfieldWithSpareBitsSet() throws Exception {
        // 16 pieces fill two bytes exactly, so use a torrent whose count leaves spare bits: piece 16 of 17
        droppedThenHonestCompletesOnOddTorrent(bad -> bad.send(RawPeer.BITFIELD, new byte[] {(byte) 0xff, (byte) 0xff, 0x40}));
    }

    @Test
    void haveOutOfRange() throws Exception {
        droppedThenHonestCompletes(bad -> bad.send(RawPeer.HAVE, RawPeer.ints(PIECES)));
    }

    @Test
    void negativeHaveIndex() throws Exception {
        droppedThenHonestCompletes(bad -> bad.send(RawPeer.HAVE, RawPeer.ints(-1)));
    }

    @Test
    void blocksWeNeverRequested() throws Exception {
        droppedThenHonestCompletes(bad -> {
            bad.send(RawPeer.BITFIELD, allPieces());
            // never unchokes, so nothing is ever requested from it
            for (int i = 0; i < 100; i++) {
                byte[] block = new byte[8 + 16 * 1024];
                System.arraycopy(RawPeer.ints(i % PIECES, 0), 0, block, 0, 8);
                bad.send(RawPeer.PIECE, block);
            }
        });
    }

    @Test
    void keepAliveFlood() throws Exception {
        droppedThenHonestCompletes(bad -> {
            byte[] burst = new byte[4 * 1000];
            for (int i = 0; i < 30; i++) {
                bad.sendRaw(burst);
            }
        });
    }

    @Test
    void messagesAfterAFastSignalWithoutTheFastBit() throws Exception {
        droppedThenHonestCompletes(bad -> bad.send(0x0e));
    }

    /** 17 pieces: the bitfield's last byte has 7 spare bits. */
    private void droppedThenHonestCompletesOnOddTorrent(Script script) throws Exception {
        byte[] odd = TestTorrents.randomBytes(16 * PIECE + 100, 43);
        Metainfo m17 = TestTorrents.singleFile("odd.bin", odd, PIECE);
        Files.createDirectories(tmp.resolve("seed17"));
        Files.write(tmp.resolve("seed17/odd.bin"), odd);
        seeder.add(m17, tmp.resolve("seed17"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
        Session victim = session(Swarms.config(null));
        TorrentHandle leech = victim.add(m17, tmp.resolve("leech17"), new TorrentOptions());
        Swarms.waitFor(() -> leech.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "leecher ready");
        try (RawPeer bad = RawPeer.connect(victim.listenPort(), "-XX0001-bad")) {
            bad.sendHandshake(m17.infoHash(), false);
            bad.readHandshake();
            try {
                script.run(bad);
            } catch (IOException e) {
                // dropped early
            }
            assertTrue(bad.closedWithin(Duration.ofSeconds(20)), "the session drops the bad peer");
        }
        leech.addPeers(List.of(Swarms.local(seeder)));
        leech.completion().get(60, TimeUnit.SECONDS);
        assertArrayEquals(odd, Files.readAllBytes(tmp.resolve("leech17/odd.bin")));
    }

    /**
     * A peer that answers every request with garbage, connected alongside an honest seeder: its pieces fail their
     * hash, it is banned (and stays banned when it comes back), and the payload still completes from the seeder,
     * which is not banned for sharing pieces with it.
     */
    @Test
    void corruptDataGetsThePeerBannedAndThePiecesComeFromTheHonestSeeder() throws Exception {
        Session victim = session(Swarms.config(null));
        TorrentHandle leech = leecher(victim, "leech");
        AtomicInteger garbageBlocks = new AtomicInteger();
        // Let the liar take the first requests alone, so at least one piece is wholly its own.
        Thread liar = startLiar(victim, "-XX0001-liar", r -> true, garbageBlocks);
        leech.addPeers(List.of(Swarms.local(seeder)));
        leech.completion().get(60, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/payload.bin")), "bit-exact payload");
        liar.join(20_000);
        assertFalse(liar.isAlive(), "the liar was disconnected");
        assertTrue(garbageBlocks.get() >= PIECE / (16 * 1024), "the liar served at least a piece of garbage");
        assertFalse(leech.run().swarm().isBanned(Swarms.local(seeder)), "the honest seeder is not banned");

        try (RawPeer again = RawPeer.connect(victim.listenPort(), "-XX0001-liar")) {
            again.sendHandshake(m.infoHash(), false);
            assertTrue(again.closedWithin(Duration.ofSeconds(10)), "a banned peer id is refused when it comes back");
        }
    }

    /**
     * A subtler liar: it sends garbage for the first block of each piece it is asked for and sits on the other
     * requests until they go to the honest seeder, so every piece it touches fails with both as contributors.
     * Blame must not fall on the seeder: the payload completes from it.
     */
    @Test
    void liarThatMixesItsGarbageIntoHonestPiecesDoesNotGetTheSeederBanned() throws Exception {
        Session victim = session(Swarms.config(null).snubTimeout(Duration.ofSeconds(2)));
        TorrentHandle leech = leecher(victim, "leech");
        AtomicInteger garbageBlocks = new AtomicInteger();
        startLiar(victim, "-XX0001-mixer", r -> r.intAt(4) == 0, garbageBlocks);
        leech.addPeers(List.of(Swarms.local(seeder)));
        leech.completion().get(60, TimeUnit.SECONDS);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/payload.bin")), "bit-exact payload");
        assertTrue(garbageBlocks.get() >= 3, "the liar mixed garbage into " + garbageBlocks.get() + " pieces");
        assertFalse(leech.run().swarm().isBanned(Swarms.local(seeder)), "the honest seeder is not banned");
    }

    /**
     * Connects a raw peer that claims every piece and answers the requests {@code answer} selects with garbage
     * blocks, counted in {@code garbageBlocks}; returns its thread once it holds the first requests alone.
     */
    private Thread startLiar(Session victim, String peerId, java.util.function.Predicate<RawPeer.Message> answer,
            AtomicInteger garbageBlocks) throws Exception {
        RawPeer bad = RawPeer.connect(victim.listenPort(), peerId);
        closeLater.add(bad);
        bad.sendHandshake(m.infoHash(), false);
        bad.readHandshake();
        bad.send(RawPeer.BITFIELD, allPieces());
        bad.send(RawPeer.UNCHOKE);
        RawPeer.Message first = bad.readUntil(RawPeer.REQUEST);
        Thread liar = new Thread(() -> {
            try {
                RawPeer.Message r = first;
                while (true) {
                    if (r.id() == RawPeer.REQUEST && answer.test(r)) {
                        byte[] block = TestTorrents.randomBytes(8 + r.intAt(8), garbageBlocks.incrementAndGet());
                        System.arraycopy(r.payload(), 0, block, 0, 8);
                        bad.send(RawPeer.PIECE, block);
                    }
                    r = bad.read();
                }
            } catch (IOException closed) {
                // banned, or the test is over
            }
        }, peerId);
        liar.setDaemon(true);
        liar.start();
        Thread.sleep(300);
        return liar;
    }

    /** A peer that asks our seeder for blocks outside the torrent or over 128 KiB is dropped; others keep being served. */
    @Test
    void badRequestsToOurSeederDropThePeerAndHonestLeechersKeepDownloading() throws Exception {
        try (RawPeer bad = RawPeer.connect(seeder.listenPort(), "-XX0001-greedy")) {
            bad.sendHandshake(m.infoHash(), true);
            bad.readHandshake();
            bad.send(RawPeer.INTERESTED);
            bad.readUntil(RawPeer.UNCHOKE);
            // one valid request is served
            bad.send(RawPeer.REQUEST, RawPeer.ints(3, 0, 16 * 1024));
            RawPeer.Message block = bad.readUntil(RawPeer.PIECE);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 3 * PIECE, 3 * PIECE + 16 * 1024),
                    java.util.Arrays.copyOfRange(block.payload(), 8, block.payload().length));
            Session honest = session(Swarms.config(null));
            TorrentHandle leech = honest.add(m, tmp.resolve("honest"),
                    new TorrentOptions().addStaticPeer(Swarms.local(seeder)));
            try {
                for (int i = 0; i < 200; i++) {
                    int[] r = switch (i % 4) {
                        case 0 -> new int[] {PIECES, 0, 16 * 1024};
                        case 1 -> new int[] {0, PIECE, 16 * 1024};
                        case 2 -> new int[] {0, 0, 128 * 1024 + 1};
                        default -> new int[] {PIECES - 1, PIECE - 1000 - 8, 16};
                    };
                    bad.send(RawPeer.REQUEST, RawPeer.ints(r));
                }
            } catch (IOException dropped) {
                // dropped before the last one
            }
            assertTrue(bad.closedWithin(Duration.ofSeconds(20)), "the seeder drops the peer");
            leech.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("honest/payload.bin")));
        }
    }

    /** A peer that connects and never finishes its handshake is closed after the session's handshake timeout. */
    @Test
    void handshakeThatNeverFinishesIsClosedAfterTheTimeout() throws Exception {
        Session victim = session(Swarms.config(null).handshakeTimeout(Duration.ofSeconds(1)));
        TorrentHandle leech = leecher(victim, "leech");
        try (Socket silent = new Socket(InetAddress.getByName("127.0.0.1"), victim.listenPort());
             RawPeer partial = RawPeer.connect(victim.listenPort(), "-XX0001-slow")) {
            partial.sendRaw(new byte[] {19, 'B', 'i', 't'});
            // Both waits end before the 10 s default would: the configured 1 s is what closes them.
            assertTrue(partial.closedWithin(Duration.ofSeconds(8)), "half a handshake is closed");
            silent.setSoTimeout(2_000);
            assertEquals(-1, silent.getInputStream().read(), "no handshake at all is closed");
        }
        honestSeederCompletes(leech, "leech");
    }

    /** Incoming: a handshake for a torrent we do not have is closed without a handshake back. */
    @Test
    void incomingHandshakeForAnotherInfoHashIsRefused() throws Exception {
        Session victim = session(Swarms.config(null));
        TorrentHandle leech = leecher(victim, "leech");
        try (RawPeer stranger = RawPeer.connect(victim.listenPort(), "-XX0001-lost")) {
            stranger.sendHandshake(InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff"), false);
            assertEquals(0, stranger.bytesBeforeClose(Duration.ofSeconds(10)), "closed without a reply");
        }
        honestSeederCompletes(leech, "leech");
    }

    /** Outgoing: a peer we dialled that answers for another torrent is dropped. */
    @Test
    void dialledPeerAnsweringForAnotherInfoHashIsDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
            Session victim = session(Swarms.config(null).encryption(Encryption.DISABLE));
            TorrentHandle leech = victim.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .addStaticPeer(new InetSocketAddress("127.0.0.1", server.getLocalPort())));
            try (RawPeer impostor = RawPeer.accept(server, "-XX0001-other")) {
                assertEquals(m.infoHash(), impostor.readHandshake());
                impostor.sendHandshake(InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff"), false);
                assertTrue(impostor.closedWithin(Duration.ofSeconds(10)), "dropped");
            }
            assertEquals(0, leech.progress().peers());
            honestSeederCompletes(leech, "leech");
        }
    }

    /** Our own address as a static peer is never dialled, and neither is a connection to ourselves kept. */
    @Test
    void sessionGivenItsOwnAddressNeverConnectsToItself() throws Exception {
        Session victim = session(Swarms.config(null));
        TorrentHandle leech = victim.add(m, tmp.resolve("leech"), new TorrentOptions().addStaticPeer(Swarms.local(victim)));
        Swarms.waitFor(() -> leech.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "leecher ready");
        try (Forwarder hairpin = new Forwarder(victim.listenPort())) {
            // The same socket reached through another port, as through a NAT: only the peer id tells it is us.
            leech.addPeers(List.of(new InetSocketAddress("127.0.0.1", hairpin.port())));
            Swarms.waitFor(() -> hairpin.connections() >= 1, Duration.ofSeconds(30), "the session dials the forwarded address");
            for (int i = 0; i < 30; i++) {
                assertEquals(0, leech.progress().peers(), "never connected to itself");
                Thread.sleep(100);
            }
            assertEquals(1, hairpin.connections(), "a dial that turned out to be ourselves backs off");
        }
        honestSeederCompletes(leech, "leech");
    }

    /** Relays every connection on a port of 127.0.0.1 to {@code target}, byte for byte. */
    private static final class Forwarder implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();

        Forwarder(int target) throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket a = server.accept();
                        Socket b = new Socket(InetAddress.getByName("127.0.0.1"), target);
                        sockets.add(a);
                        sockets.add(b);
                        connections.incrementAndGet();
                        pump(a, b);
                        pump(b, a);
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            }, "forwarder");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // either side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "forwarder-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
