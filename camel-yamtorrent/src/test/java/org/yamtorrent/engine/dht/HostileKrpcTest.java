package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Hostile KRPC against one node on 127.0.0.1, from raw sockets on other loopback addresses: in each case the node
 * stays within its caps and an honest node on yet another address still gets its answers.
 */
class HostileKrpcTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private DhtNode node(List<String> bootstrap) throws Exception {
        DhtConfig c = DhtConfig.of(new InetSocketAddress("127.0.0.1", 0), bootstrap, null)
                .withQueryTimeout(Duration.ofMillis(400)).withCaps(50, 10, 20);
        return keep(DhtNode.start(c));
    }

    private static InfoHash infoHash(int seed) {
        byte[] b = new byte[20];
        new Random(seed).nextBytes(b);
        return InfoHash.of(b);
    }

    /** An honest raw node on 127.0.0.9 pings {@code node} and must get its pong. */
    private void assertHonestAnswered(DhtNode node) throws Exception {
        try (RawKrpc honest = new RawKrpc("127.0.0.9")) {
            honest.send(node.localAddress(), honest.ping("hh"));
            KrpcMessage.Response pong = honest.awaitResponse(3000);
            assertNotNull(pong, "no answer to an honest ping");
            assertEquals("hh", new String(pong.transaction(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    @Timeout(60)
    void aNodeAnsweringWithThousandsOfNodesAndPeersCannotGrowTheLookup() throws Exception {
        RawKrpc hostile = keep(new RawKrpc("127.0.0.2"));
        Thread answerer = new Thread(() -> answerHugely(hostile));
        answerer.setDaemon(true);
        answerer.start();
        DhtNode node = node(List.of(hostile.hostPort()));
        node.bootstrapped().get(20, TimeUnit.SECONDS);
        int offered = 0;
        for (int i = 0; i < 2; i++) {
            PeerSearch s = node.getPeers(infoHash(i), p -> { }).get(30, TimeUnit.SECONDS);
            assertTrue(s.peers().size() <= KrpcCodec.MAX_VALUES, s.peers().size() + " peers kept from one node");
            assertTrue(s.nodesAsked() <= Lookup.MAX_CANDIDATES + 1, s.nodesAsked() + " nodes asked");
            offered += 8000;
        }
        assertTrue(offered >= 10_000);
        assertTrue(node.nodeCount() <= 1, "only the node that answered may join the table: " + node.nodeCount());
        assertHonestAnswered(node);
    }

    /** Answers every query with as many nodes (find_node) or peers (get_peers) as fit in one datagram. */
    private static void answerHugely(RawKrpc hostile) {
        Random random = new Random(1);
        try {
            while (!hostile.socket.isClosed()) {
                RawKrpc.Received r = hostile.nextQuery(60_000);
                if (r == null) {
                    return;
                }
                KrpcMessage.Query q = (KrpcMessage.Query) r.message();
                Map<String, Object> reply = new HashMap<>();
                reply.put("id", hostile.id.bytes());
                if (q.method() == KrpcMessage.Method.GET_PEERS) {
                    List<byte[]> values = new ArrayList<>();
                    for (int i = 0; i < 8000; i++) {
                        values.add(new byte[] {127, 1, (byte) (i >> 8), (byte) i, 0x1f, 0x40});
                    }
                    reply.put("values", values);
                    reply.put("token", "tok");
                } else {
                    byte[] nodes = new byte[2400 * Compact.NODE4];
                    random.nextBytes(nodes);
                    for (int at = 0; at < nodes.length; at += Compact.NODE4) {
                        nodes[at + 20] = 127; // nowhere: loopback addresses nobody listens on
                    }
                    reply.put("nodes", nodes);
                }
                hostile.send(r.from(), BencodeWriter.encode(Map.of("t", q.transaction(), "y", "r", "r", reply)));
            }
        } catch (Exception e) {
            // the socket closed at the end of the test
        }
    }

    @Test
    @Timeout(60)
    void repliesWithWrongTransactionIdsAreIgnored() throws Exception {
        RawKrpc hostile = keep(new RawKrpc("127.0.0.2"));
        DhtNode node = node(List.of(hostile.hostPort()));
        RawKrpc.Received q = hostile.nextQuery(10_000);
        assertNotNull(q, "the node never asked its bootstrap node");
        for (int i = 0; i < 50; i++) {
            byte[] wrong = {(byte) i, 1, 2, 3};
            hostile.send(q.from(), new KrpcMessage.Response(wrong, hostile.id, List.of(), List.of(), List.of(), null));
        }
        node.bootstrapped().get(20, TimeUnit.SECONDS);
        assertTrue(node.stats().unexpected() >= 50, node.stats().toString());
        assertEquals(0, node.nodeCount(), "a node that never matched a query joined the table");
        assertHonestAnswered(node);
    }

    @Test
    @Timeout(60)
    void anAnnounceReflectedFromAThirdAddressIsRefusedAndNothingIsAmplified() throws Exception {
        DhtNode node = node(List.of());
        node.bootstrapped().get(20, TimeUnit.SECONDS);
        InfoHash ih = infoHash(7);
        Map<String, Object> getPeers = new HashMap<>();
        try (RawKrpc asker = new RawKrpc("127.0.0.2"); RawKrpc third = new RawKrpc("127.0.0.3");
             RawKrpc silent = new RawKrpc("127.0.0.4")) {
            getPeers.put("id", silent.id.bytes());
            getPeers.put("info_hash", ih.bytes());
            byte[] query = RawKrpc.query("get_peers", getPeers, "g0");
            silent.send(node.localAddress(), query);
            long received = 0;
            for (RawKrpc.Received r = silent.receive(2000); r != null; r = silent.receive(1000)) {
                received += r.data().length;
            }
            assertTrue(received > 0 && received <= query.length, "sent " + received
                    + " bytes to an address that never answered, for its " + query.length);

            getPeers.put("id", asker.id.bytes());
            asker.send(node.localAddress(), RawKrpc.query("get_peers", getPeers, "g1"));
            KrpcMessage.Response answer = asker.awaitResponse(3000);
            assertNotNull(answer, "no answer for the asker");
            assertNotNull(answer.token());

            Map<String, Object> announce = new HashMap<>(getPeers);
            announce.put("port", 6881L);
            announce.put("token", answer.token());
            third.send(node.localAddress(), RawKrpc.query("announce_peer", announce, "a1"));
            RawKrpc.Received refused = third.receive(3000);
            assertNotNull(refused);
            KrpcMessage.Error e = assertInstanceOf(KrpcMessage.Error.class, refused.message());
            assertEquals(KrpcMessage.Error.PROTOCOL, e.code());

            PeerSearch s = node(List.of("127.0.0.1:" + node.localAddress().getPort()))
                    .getPeers(ih, p -> { }).get(20, TimeUnit.SECONDS);
            assertTrue(s.peers().isEmpty(), "a reflected announce was stored: " + s.peers());
        }
        assertHonestAnswered(node);
    }

    @Test
    @Timeout(60)
    void aFloodFromOneAddressIsRateLimitedAndMalformedDatagramsAreDropped() throws Exception {
        DhtNode node = node(List.of());
        node.bootstrapped().get(20, TimeUnit.SECONDS);
        try (RawKrpc flood = new RawKrpc("127.0.0.2")) {
            for (int i = 0; i < 20; i++) {
                flood.send(node.localAddress(), ("d1:t" + i + "garbage").getBytes(StandardCharsets.US_ASCII));
                flood.send(node.localAddress(), "d1:ti99999999999999999999999e1:y1:qe".getBytes(StandardCharsets.US_ASCII));
            }
            long start = System.nanoTime();
            int sent = 3000;
            for (int i = 0; i < sent; i++) {
                flood.send(node.localAddress(), flood.ping(String.valueOf((char) ('a' + i % 26)) + i));
            }
            int answers = 0;
            while (flood.receive(1000) != null) {
                answers++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // 20 a second after a burst of 40; wide bounds for a loaded machine
            assertTrue(answers <= 40 + 20 * seconds + 5, answers + " answers in " + seconds + " s");
            assertTrue(answers >= 10, "only " + answers + " answers");
            assertTrue(node.stats().rateLimited() > 0);
            assertTrue(node.stats().malformed() >= 30, node.stats().toString());
        }
        assertHonestAnswered(node);
    }
}
