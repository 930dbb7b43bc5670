package org.yamtorrent.engine.dht;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DHT nodes on one loopback address sharing two event loop threads; the first is everyone's bootstrap node.
 * Nothing here ever names a public router.
 */
final class DhtNetwork implements AutoCloseable {

    final EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("dht-net", true));
    final List<DhtNode> nodes = new ArrayList<>();
    private final String host;

    DhtNetwork(String host) {
        this.host = host;
    }

    /** A config on {@code host}, any port, answering plenty of queries from one IP (all nodes share it). */
    DhtConfig config(List<String> bootstrap, Path state) {
        return DhtConfig.of(new InetSocketAddress(host, 0), bootstrap, state)
                .withQueryTimeout(Duration.ofMillis(500)).withCaps(1000, 100, 100_000);
    }

    String address(DhtNode node) {
        InetSocketAddress a = node.localAddress();
        return (a.getAddress() instanceof java.net.Inet6Address ? "[" + a.getHostString() + "]" : a.getHostString())
                + ":" + a.getPort();
    }

    /** Starts {@code n} nodes, each bootstrapping from the first and the one before it, and waits for them all. */
    DhtNetwork start(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            List<String> bootstrap = new ArrayList<>();
            if (i > 0) {
                bootstrap.add(address(nodes.get(0)));
            }
            if (i > 1) {
                bootstrap.add(address(nodes.get(i - 1)));
            }
            nodes.add(DhtNode.start(config(bootstrap, null), group, false));
        }
        for (DhtNode node : nodes) {
            node.bootstrapped().get(30, TimeUnit.SECONDS);
        }
        // on a loaded machine every bootstrap query of a node may time out (500 ms); such a node would try again at
        // its next maintenance, a minute on: point it at a neighbour now, as a peer's PORT message would
        for (int i = 0; i < nodes.size(); i++) {
            DhtNode node = nodes.get(i);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (node.nodeCount() == 0 && nodes.size() > 1 && System.nanoTime() < deadline) {
                node.addNode(nodes.get(i == 0 ? 1 : 0).localAddress());
                Thread.sleep(200);
            }
        }
        return this;
    }

    @Override
    public void close() {
        nodes.forEach(DhtNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
