package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.NetnsHosts;
import org.yamtorrent.engine.session.TorrentHandle;

/**
 * Fan-out: three application processes subscribed to a topic all need the same payload, each on a host of its own
 * (a network namespace with its own address, see {@link NetnsHosts}; the origin, tracker and broker are in the test JVM on
 * the root end of that network). They find each other
 * through the embedded tracker and trade pieces (rarest first). The origin super-seeds (BEP 16): it reveals one
 * piece at a time to each node, so the nodes fetch from each other what they cannot get from it, and it uploads about
 * one copy. As a plain seed on loopback it would serve each node itself while they are still connecting, and send
 * about two copies (2.11 in one run with its default four upload slots; 1.4 to 1.7 with one slot).
 */
@Timeout(300)
class FanOutIT {

    private static final int NODES = 3;
    private static final int SIZE = 48 * 1024 * 1024;
    private static final Pattern DONE = Pattern.compile("done fanout\\.bin: downloaded (\\d+) bytes, uploaded (\\d+) bytes");

    @TempDir
    Path tmp;

    private static int subscriptions(Jms jms) {
        try {
            return jms.subscriptions("torrents.all");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The addresses the tracker has seen announce the payload. */
    private static Set<String> announced(Origin origin, TorrentHandle seed) {
        return origin.tracker.peers(seed.metainfo().infoHash()).stream()
                .map(p -> p.address().getAddress().getHostAddress()).collect(Collectors.toSet());
    }

    @Test
    void threeNodesGetTheSamePayloadWhileTheSuperSeedingOriginSendsAboutOneCopy() throws Exception {
        try (NetnsHosts net = NetnsHosts.open(); Jms jms = Jms.start(tmp.resolve("broker"), NetnsHosts.ROOT_ADDRESS, 0);
             Origin origin = new Origin(tmp.resolve("origin"), InetAddress.getByName(NetnsHosts.ROOT_ADDRESS))) {
            byte[] data = origin.payload("fanout.bin", SIZE, 3);
            byte[] torrent = origin.torrent("fanout.bin", 256 * 1024);
            TorrentHandle seed = origin.superSeed(torrent);
            List<AppProcess> nodes = new ArrayList<>();
            List<NetnsHosts.Host> hosts = new ArrayList<>();
            try {
                for (int i = 1; i <= NODES; i++) {
                    hosts.add(net.host("node" + i));
                    nodes.add(AppProcess.start(tmp.resolve("node" + i), "fanout/download.yaml", Map.of(
                            "yamtorrent.broker.url", jms.url,
                            "yamtorrent.node", "node" + i,
                            "yamtorrent.fanout.seed-time", "5m"), hosts.get(i - 1)));
                }
                // a topic keeps nothing for subscriptions that do not exist yet: wait for all three
                nodes.get(0).await("three subscriptions", 90, () -> subscriptions(jms) == NODES);
                jms.send("torrents.all", true, torrent);
                for (AppProcess n : nodes) {
                    n.await("fanout.bin", 150, () -> DONE.matcher(n.log()).find());
                }
                long fromNodes = 0;
                StringBuilder report = new StringBuilder();
                for (AppProcess n : nodes) {
                    assertArrayEquals(data, Files.readAllBytes(n.out("fanout.bin")), n.dir + " bit-exact");
                    Matcher m = DONE.matcher(n.log());
                    assertTrue(m.find());
                    long down = Long.parseLong(m.group(1));
                    long up = Long.parseLong(m.group(2));
                    report.append(String.format("  %s: downloaded %d, uploaded %d (at its completion)%n",
                            n.dir.getFileName(), down, up));
                }
                // with PEX a node can complete from peers it learnt from the others before its own announce has
                // reached the tracker: wait (bounded) for each node's announce rather than expect it by now
                for (int i = 0; i < NODES; i++) {
                    String own = hosts.get(i).address;
                    nodes.get(i).await("an announce from " + own, 60, () -> announced(origin, seed).contains(own));
                }
                Set<String> expected = new HashSet<>(Set.of(NetnsHosts.ROOT_ADDRESS));
                hosts.forEach(h -> expected.add(h.address));
                assertEquals(expected, announced(origin, seed), "the origin and each node announced from an address of its own");
                long originSent = seed.progress().uploaded();
                for (AppProcess n : nodes) {
                    Matcher m = DONE.matcher(n.log());
                    m.find();
                    fromNodes += Long.parseLong(m.group(1));
                }
                System.out.printf("fan-out of %d bytes to %d nodes: the origin uploaded %d bytes (%.2f copies); "
                        + "the nodes downloaded %d bytes, so %d came from each other%n%s", SIZE, NODES, originSent,
                        originSent / (double) SIZE, fromNodes, fromNodes - originSent, report);
                assertTrue(originSent < 1.5 * SIZE, "the origin uploaded " + originSent + " bytes ("
                        + originSent / (double) SIZE + " copies), not well under three");
            } finally {
                for (AppProcess n : nodes) {
                    n.close();
                }
            }
        }
    }
}
