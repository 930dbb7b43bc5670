package org.yamtorrent.engine.session;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.dht.DhtAnnouncer;
import org.yamtorrent.engine.dht.DhtConfig;
import org.yamtorrent.engine.dht.DhtNode;
import org.yamtorrent.engine.lsd.LocalDiscovery;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * The session's trackerless peer sources: the DHT, one node (with its announcer) per address family the session
 * listens on (BEP 32: an IPv4 node on the first IPv4 listen address, an IPv6 node on the first IPv6 one, on one
 * UDP port where the system lets both bind it), and Local Service Discovery, each when configured. Every active
 * public torrent is looked up and announced on all of them; the peers found go to its
 * address book as {@link PeerSource#DHT} or {@link PeerSource#LSD}. A private torrent (BEP 27) is never
 * announced, and a torrent added by info-hash leaves both once its metadata says it is private.
 */
final class PeerDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerDiscovery.class);

    /** The DHT nodes, IPv4 first; empty without a DHT. */
    private final List<DhtNode> dht;
    private final List<DhtAnnouncer> announcers;
    private final LocalDiscovery lsd;

    private PeerDiscovery(List<DhtNode> dht, List<DhtAnnouncer> announcers, LocalDiscovery lsd) {
        this.dht = dht;
        this.announcers = announcers;
        this.lsd = lsd;
    }

    /**
     * Starts what {@code config} asks for; {@code torrents} finds a torrent of the session by info-hash. A DHT or
     * LSD that cannot bind (its port taken, no multicast) is logged and left out: the torrents still have their
     * trackers and peers.
     */
    static PeerDiscovery open(SessionConfig config, int listenPort, Function<InfoHash, TorrentHandle> torrents) {
        List<DhtNode> dht = new ArrayList<>();
        LocalDiscovery lsd = null;
        if (config.dht()) {
            int port = config.dhtPort() < 0 ? listenPort : config.dhtPort();
            for (InetAddress address : onePerFamily(config.listenAddresses())) {
                DhtNode node = startDht(config, address, port, dht.isEmpty());
                if (node != null) {
                    dht.add(node);
                    port = dht.get(0).localAddress().getPort();
                }
            }
        }
        if (config.lsd() != null) {
            try {
                lsd = new LocalDiscovery(config.lsd(), listenPort, (ih, peer) -> {
                    TorrentHandle t = torrents.apply(ih);
                    if (t != null) {
                        t.addPeers(List.of(peer), PeerSource.LSD);
                    }
                });
            } catch (IOException e) {
                LOG.warn("lsd: off, {}", e.getMessage());
            }
        }
        return new PeerDiscovery(dht, dht.stream().map(n -> new DhtAnnouncer(n, listenPort)).toList(), lsd);
    }

    /** The first IPv4 and the first IPv6 address: a DHT node is of one family (BEP 32). */
    private static List<InetAddress> onePerFamily(List<InetAddress> addresses) {
        List<InetAddress> out = new ArrayList<>();
        addresses.stream().filter(a -> a instanceof Inet4Address).findFirst().ifPresent(out::add);
        addresses.stream().filter(a -> a instanceof Inet6Address).findFirst().ifPresent(out::add);
        return out;
    }

    /**
     * A node on {@code address}: the first on {@code port}, a second on the first's port too when the system lets it
     * (not when an IPv6 wildcard socket would take IPv4 as well), else on a port of its own. Null, logged, when it
     * cannot bind: the torrents still have their trackers and the other family.
     */
    private static DhtNode startDht(SessionConfig config, InetAddress address, int port, boolean first) {
        boolean v6 = address instanceof Inet6Address;
        Path state = config.stateDirectory() == null ? null
                : config.stateDirectory().resolve(v6 ? "dht6.state" : "dht.state");
        DhtConfig dht = DhtConfig.of(new InetSocketAddress(address, port), config.dhtBootstrapNodes(), state)
                .withReadOnly(config.dhtReadOnly());
        try {
            return DhtNode.start(dht);
        } catch (IOException e) {
            if (first || port == 0) {
                LOG.warn("dht: off on {}, {}", address.getHostAddress(), e.getMessage());
                return null;
            }
            LOG.debug("dht: {} port {} taken ({}); the {} node takes a port of its own", address.getHostAddress(),
                    port, e.getMessage(), v6 ? "IPv6" : "IPv4");
            return startDht(config, address, 0, false);
        }
    }

    /** The UDP port of the first DHT node (the one PORT messages name), or 0 without a DHT. */
    int dhtPort() {
        return dht.isEmpty() ? 0 : dht.get(0).localAddress().getPort();
    }

    /** Where the DHT nodes listen, IPv4 first; empty without a DHT. */
    List<InetSocketAddress> dhtAddresses() {
        return dht.stream().map(DhtNode::localAddress).toList();
    }

    /** Nodes in the DHT routing tables of both families (0 without a DHT). */
    int dhtNodes() {
        return dht.stream().mapToInt(DhtNode::nodeCount).sum();
    }

    /** A peer's PORT message named its DHT node: the node of the peer's family takes it. */
    void portMessage(InetSocketAddress peer, int port) {
        if (port > 0) {
            dht.forEach(n -> n.addNode(new InetSocketAddress(peer.getAddress(), port)));
        }
    }

    void started(TorrentHandle t) {
        boolean isPrivate = t.metainfo() != null && t.metainfo().isPrivate();
        announcers.forEach(a -> a.add(t.infoHash(), isPrivate, peer -> t.addPeers(List.of(peer), PeerSource.DHT)));
        if (lsd != null) {
            lsd.add(t.infoHash(), isPrivate);
        }
        if (t.metainfo() == null) {
            t.addListener(new TorrentListener() {
                @Override
                public void metadataReceived(TorrentHandle torrent) {
                    if (torrent.metainfo().isPrivate()) {
                        LOG.info("{}: private torrent; leaving the DHT and local discovery", torrent.name());
                        stopped(torrent);
                    }
                }
            });
        }
    }

    void stopped(TorrentHandle t) {
        announcers.forEach(a -> a.remove(t.infoHash()));
        if (lsd != null) {
            lsd.remove(t.infoHash());
        }
    }

    @Override
    public void close() {
        announcers.forEach(DhtAnnouncer::close);
        for (DhtNode node : dht) {
            LOG.info("dht: {} nodes known at stop on {}", node.nodeCount(), node.localAddress());
            node.close();
        }
        if (lsd != null) {
            lsd.close();
        }
    }
}
