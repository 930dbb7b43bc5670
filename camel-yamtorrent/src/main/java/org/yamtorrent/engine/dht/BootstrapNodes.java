package org.yamtorrent.engine.dht;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses a DHT node starts from: the nodes saved at the last stop, then the configured {@code host:port}
 * names, resolved (on the caller's thread, never the event loop) to the node's address family. A name that does
 * not resolve is normal offline or behind a strict firewall, so it costs one INFO line on the first try and
 * DEBUG lines on the retries the node makes while its table is empty.
 */
final class BootstrapNodes {

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapNodes.class);

    private BootstrapNodes() {
    }

    static List<InetSocketAddress> resolve(List<Contact> saved, List<String> names, boolean ipv6, boolean firstTry) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Contact c : saved) {
            out.add(c.address());
        }
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            InetSocketAddress unresolved = DhtConfig.hostPort(name);
            int before = out.size();
            try {
                for (InetAddress a : InetAddress.getAllByName(unresolved.getHostString())) {
                    if ((a instanceof Inet6Address) == ipv6) {
                        out.add(new InetSocketAddress(a, unresolved.getPort()));
                    }
                }
            } catch (IOException e) {
                LOG.debug("dht: bootstrap node {} not found: {}", name, e.toString());
            }
            if (out.size() == before) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            String line = "dht: no " + (ipv6 ? "IPv6" : "IPv4") + " address for bootstrap node(s) " + missing
                    + (out.isEmpty() ? "; the DHT starts once a peer or a saved node brings it one" : "");
            if (firstTry) {
                LOG.info(line);
            } else {
                LOG.debug(line);
            }
        }
        return out;
    }
}
