package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.wire.Encryption;

/** The session's caps on connections and on outstanding requests, each way, against raw-socket peers. */
@Timeout(60)
class LimitsTest {

    private static final int PIECE = 64 * 1024;
    private static final int BLOCK = 16 * 1024;

    @TempDir
    Path tmp;

    private final byte[] data = TestTorrents.randomBytes(8 * PIECE, 7);
    private final Metainfo m = TestTorrents.singleFile("l.bin", data, PIECE);

    private TorrentHandle seed(Session s) throws Exception {
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/l.bin"), data);
        TorrentHandle t = s.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever());
        t.completion().get(30, TimeUnit.SECONDS);
        return t;
    }

    private RawPeer handshaken(Session s, String id) throws IOException {
        RawPeer p = RawPeer.connect(s.listenPort(), id);
        p.sendHandshake(m.infoHash(), false);
        assertEquals(m.infoHash(), p.readHandshake());
        return p;
    }

    @Test
    void connectionsOverTheSessionCapAreClosedAtOnce() throws Exception {
        try (Session s = Session.open(Swarms.config(null).maxConnections(2))) {
            seed(s);
            try (RawPeer a = handshaken(s, "-XX0001-a"); RawPeer b = handshaken(s, "-XX0001-b");
                 RawPeer c = RawPeer.connect(s.listenPort(), "-XX0001-c")) {
                try {
                    c.sendHandshake(m.infoHash(), false);
                } catch (java.net.SocketException closedFirst) {
                    // closed on accept, before our handshake was even written ("broken pipe"): the cap at work
                }
                assertEquals(0, c.bytesBeforeClose(Duration.ofSeconds(10)), "the third is closed without a reply");
                assertEquals(-1, a.bytesBeforeClose(Duration.ofMillis(500)), "the first stays");
                assertEquals(-1, b.bytesBeforeClose(Duration.ofMillis(500)), "the second stays");
            }
        }
    }

    @Test
    void peersOverTheTorrentCapAreRefusedAfterTheHandshake() throws Exception {
        try (Session s = Session.open(Swarms.config(null).maxConnectionsPerTorrent(1))) {
            TorrentHandle t = seed(s);
            try (RawPeer a = handshaken(s, "-XX0001-a"); RawPeer b = handshaken(s, "-XX0001-b")) {
                assertTrue(b.closedWithin(Duration.ofSeconds(10)), "the second peer of the torrent is refused");
                assertEquals(-1, a.bytesBeforeClose(Duration.ofMillis(500)), "the first stays");
                assertEquals(1, t.progress().peers());
            }
        }
    }

    /**
     * A peer that queues 50 requests at once with a seeder whose queue holds 2: those beyond the queue and the
     * reads under way are rejected (BEP 6), the rest served, each exactly once and correct.
     */
    @Test
    void requestsBeyondTheUploadQueueAreRejected() throws Exception {
        try (Session s = Session.open(Swarms.config(null).maxQueuedUploadRequests(2))) {
            seed(s);
            try (RawPeer p = RawPeer.connect(s.listenPort(), "-XX0001-greedy")) {
                p.sendHandshake(m.infoHash(), true);
                p.readHandshake();
                p.send(RawPeer.INTERESTED);
                p.readUntil(RawPeer.UNCHOKE);
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                for (int i = 0; i < 50; i++) {
                    burst.writeBytes(RawPeer.ints(13));
                    burst.write(RawPeer.REQUEST);
                    burst.writeBytes(RawPeer.ints(i % 8, (i / 8) % 4 * BLOCK, BLOCK));
                }
                p.sendRaw(burst.toByteArray());
                int served = 0;
                int rejected = 0;
                while (served + rejected < 50) {
                    RawPeer.Message msg = p.read();
                    if (msg.id() == RawPeer.PIECE) {
                        int at = msg.intAt(0) * PIECE + msg.intAt(4);
                        assertArrayEquals(Arrays.copyOfRange(data, at, at + BLOCK),
                                Arrays.copyOfRange(msg.payload(), 8, msg.payload().length));
                        served++;
                    } else if (msg.id() == RawPeer.REJECT_REQUEST) {
                        rejected++;
                    }
                }
                assertTrue(served > 0, "some are served");
                assertTrue(rejected > 0, "those over the queue are rejected");
            }
        }
    }

    /** A seed that tells us (BEP 10 reqq) it queues 4 requests never gets more than 4 at once from us. */
    @Test
    void outstandingRequestsToAPeerStayWithinItsReqq() throws Exception {
        try (Session s = Session.open(Swarms.config(null).snubTimeout(Duration.ofSeconds(30)).encryption(Encryption.DISABLE));
             ServerSocket server = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"))) {
            s.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .addStaticPeer(new InetSocketAddress("127.0.0.1", server.getLocalPort())));
            try (RawPeer seed = RawPeer.accept(server, "-XX0001-seed")) {
                seed.readHandshake();
                seed.sendHandshake(m.infoHash(), false, true);
                ByteArrayOutputStream ext = new ByteArrayOutputStream();
                ext.write(0);
                ext.writeBytes("d1:mde4:reqqi4ee".getBytes(StandardCharsets.US_ASCII));
                seed.send(RawPeer.EXTENDED, ext.toByteArray());
                seed.send(RawPeer.BITFIELD, new byte[] {(byte) 0xff});
                seed.send(RawPeer.UNCHOKE);
                // Never answers; the count ends long before the snub timeout would release the requests.
                int requests = seed.count(RawPeer.REQUEST, Duration.ofSeconds(3));
                assertTrue(requests >= 1 && requests <= 4, requests + " requests outstanding");
            }
        }
    }
}
