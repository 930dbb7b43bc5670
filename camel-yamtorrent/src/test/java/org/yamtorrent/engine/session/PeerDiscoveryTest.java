package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BEP 32 beside BEP 7: a session listening on both families runs a DHT node on each, on one UDP port where the
 * system lets both bind it, and on a port of its own for the IPv6 node when the {@code ::} wildcard (which takes
 * IPv4 too) cannot share the IPv4 wildcard's port.
 */
@Timeout(30)
class PeerDiscoveryTest {

    private static SessionConfig dht(String... addresses) throws Exception {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String a : addresses) {
            list.add(InetAddress.getByName(a));
        }
        return Swarms.config(null).dht(true).dhtPort(0).dhtBootstrapNodes(List.of()).listenAddresses(list);
    }

    @Test
    void oneNodePerFamilyOnOnePort() throws Exception {
        try (PeerDiscovery d = PeerDiscovery.open(dht("127.0.0.1", "127.0.0.2", "::1"), 6881, ih -> null)) {
            List<InetSocketAddress> nodes = d.dhtAddresses();
            assertEquals(2, nodes.size(), "the first address of each family: " + nodes);
            assertEquals(InetAddress.getByName("127.0.0.1"), nodes.get(0).getAddress());
            assertEquals(InetAddress.getByName("::1"), nodes.get(1).getAddress());
            assertEquals(nodes.get(0).getPort(), nodes.get(1).getPort(), "one DHT port for both families");
            assertEquals(nodes.get(0).getPort(), d.dhtPort());
        }
    }

    @Test
    void bothWildcardsGetANodeEach() throws Exception {
        try (PeerDiscovery d = PeerDiscovery.open(dht("0.0.0.0", "::"), 6881, ih -> null)) {
            List<InetSocketAddress> nodes = d.dhtAddresses();
            assertEquals(2, nodes.size(), nodes.toString());
            assertInstanceOf(Inet4Address.class, nodes.get(0).getAddress());
            assertInstanceOf(Inet6Address.class, nodes.get(1).getAddress());
            assertTrue(nodes.get(1).getPort() > 0);
        }
    }

    @Test
    void oneFamilyOneNode() throws Exception {
        try (PeerDiscovery d = PeerDiscovery.open(dht("::1"), 6881, ih -> null)) {
            assertEquals(1, d.dhtAddresses().size());
            assertInstanceOf(Inet6Address.class, d.dhtAddresses().get(0).getAddress());
        }
    }
}
