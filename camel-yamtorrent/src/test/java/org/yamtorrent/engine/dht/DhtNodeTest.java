package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.InfoHash;

/** One node's life: the table saved and read back, nodes from PORT messages, read-only mode, and IPv6. */
class DhtNodeTest {

    private static InfoHash infoHash(int seed) {
        byte[] b = new byte[20];
        new Random(seed).nextBytes(b);
        return InfoHash.of(b);
    }

    @Test
    @Timeout(60)
    void aRestartedNodeKeepsItsIdAndStartsFromTheNodesItSaved(@TempDir Path dir) throws Exception {
        try (DhtNetwork net = new DhtNetwork("127.0.0.1").start(6)) {
            Path state = dir.resolve("dht.state");
            DhtNode first = DhtNode.start(net.config(List.of(net.address(net.nodes.get(0))), state), net.group, false);
            first.bootstrapped().get(20, TimeUnit.SECONDS);
            NodeId id = first.id();
            int known = first.nodeCount();
            assertTrue(known >= 5, "knew " + known);
            first.close();
            assertTrue(Files.size(state) > 0);

            // no bootstrap nodes at all: only the saved table can make it find anyone
            DhtNode again = DhtNode.start(net.config(List.of(), state), net.group, false);
            try {
                again.bootstrapped().get(20, TimeUnit.SECONDS);
                assertEquals(id, again.id());
                assertTrue(again.nodeCount() >= 5, "knew " + again.nodeCount() + " after the restart");
            } finally {
                again.close();
            }
        }
    }

    @Test
    @Timeout(30)
    void aCorruptStateFileStartsAfresh(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("dht.state");
        Files.writeString(state, "d2:id3:abce");
        assertNull(DhtState.load(state));
        Files.write(state, new byte[] {'d', '5', ':'});
        assertNull(DhtState.load(state));
    }

    @Test
    @Timeout(60)
    void aNodeNamedInAPortMessageJoinsTheTableOnceItAnswers() throws Exception {
        try (DhtNetwork net = new DhtNetwork("127.0.0.1").start(2)) {
            DhtNode lonely = DhtNode.start(net.config(List.of(), null), net.group, false);
            try {
                lonely.bootstrapped().get(20, TimeUnit.SECONDS);
                assertEquals(0, lonely.nodeCount());
                lonely.addNode(net.nodes.get(1).localAddress());
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (lonely.nodeCount() == 0 && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertEquals(1, lonely.nodeCount());
            } finally {
                lonely.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void aReadOnlyNodeAsksWithRoAndAnswersNothing() throws Exception {
        try (DhtNetwork net = new DhtNetwork("127.0.0.1").start(4); RawKrpc raw = new RawKrpc("127.0.0.5")) {
            InfoHash ih = infoHash(1);
            net.nodes.get(2).announce(ih, 7000, p -> { }).get(20, TimeUnit.SECONDS);
            DhtNode ro = DhtNode.start(net.config(List.of(net.address(net.nodes.get(0))), null).withReadOnly(true),
                    net.group, false);
            try {
                ro.bootstrapped().get(20, TimeUnit.SECONDS);
                PeerSearch s = ro.getPeers(ih, p -> { }).get(20, TimeUnit.SECONDS);
                assertEquals(Set.of(new InetSocketAddress("127.0.0.1", 7000)), s.peers());
                raw.send(ro.localAddress(), raw.ping("ro"));
                assertNull(raw.receive(800), "a read-only node answered a ping");
                for (DhtNode n : net.nodes) {
                    assertTrue(n.nodeCount() <= 4, "a read-only asker joined a routing table");
                }
            } finally {
                ro.close();
            }
            // and what it sends carries ro=1
            DhtNode ro2 = DhtNode.start(net.config(List.of(raw.hostPort()), null).withReadOnly(true), net.group, false);
            try {
                RawKrpc.Received q = raw.nextQuery(5000);
                assertTrue(assertInstanceOf(KrpcMessage.Query.class, q.message()).readOnly());
            } finally {
                ro2.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void ipv6NodesFindPeersThroughNodes6() throws Exception {
        boolean v6;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(new InetSocketAddress("::1", 0))) {
            v6 = probe.isBound();
        } catch (java.io.IOException e) {
            v6 = false;
        }
        Assumptions.assumeTrue(v6, "no IPv6 loopback here");
        try (DhtNetwork net = new DhtNetwork("::1").start(12)) {
            InfoHash ih = infoHash(2);
            PeerSearch a = net.nodes.get(4).announce(ih, 7001, p -> { }).get(20, TimeUnit.SECONDS);
            assertTrue(a.announcedTo() > 0);
            PeerSearch s = net.nodes.get(9).getPeers(ih, p -> { }).get(20, TimeUnit.SECONDS);
            assertEquals(Set.of(new InetSocketAddress("::1", 7001)), s.peers());
        }
    }
}
