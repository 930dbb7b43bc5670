package org.yamtorrent.engine.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * The session's trackerless peer sources: one DHT node (with its announcer) and Local Service Discovery, each
 * when configured. Every active public torrent is looked up and announced on both; the peers found go to its
 * address book as {@link PeerSource#DHT} or {@link PeerSource#LSD}. A private torrent (BEP 27) is never
 * announced, and a torrent added by info-hash leaves both once its metadata says it is private.
 */
final class PeerDiscovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeerDiscovery.class);

    private final DhtNode dht;
    private final DhtAnnouncer announcer;
    private final LocalDiscovery lsd;

    private PeerDiscovery(DhtNode dht, DhtAnnouncer announcer, LocalDiscovery lsd) {
        this.dht = dht;
        this.announcer = announcer;
        this.lsd = lsd;
    }

    /**
     * Starts what {@code config} asks for; {@code torrents} finds a torrent of the session by info-hash. A DHT or
     * LSD that cannot bind (its port taken, no multicast) is logged and left out: the torrents still have their
     * trackers and peers.
     */
    static PeerDiscovery open(SessionConfig config, InetAddress address, int listenPort,
                              Function<InfoHash, TorrentHandle> torrents) {
        DhtNode dht = null;
        LocalDiscovery lsd = null;
        if (config.dht()) {
            int port = config.dhtPort() < 0 ? listenPort : config.dhtPort();
            try {
                dht = DhtNode.start(DhtConfig.of(new InetSocketAddress(address, port), config.dhtBootstrapNodes(),
                        config.stateDirectory() == null ? null : config.stateDirectory().resolve("dht.state"))
                        .withReadOnly(config.dhtReadOnly()));
            } catch (IOException e) {
                LOG.warn("dht: off, {}", e.getMessage());
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
        return new PeerDiscovery(dht, dht == null ? null : new DhtAnnouncer(dht, listenPort), lsd);
    }

    /** The DHT's UDP port, or 0 without a DHT. */
    int dhtPort() {
        return dht == null ? 0 : dht.localAddress().getPort();
    }

    /** Nodes in the DHT's routing table (0 without a DHT). */
    int dhtNodes() {
        return dht == null ? 0 : dht.nodeCount();
    }

    /** A peer's PORT message named its DHT node. */
    void portMessage(InetSocketAddress peer, int port) {
        if (dht != null && port > 0) {
            dht.addNode(new InetSocketAddress(peer.getAddress(), port));
        }
    }

    void started(TorrentHandle t) {
        boolean isPrivate = t.metainfo() != null && t.metainfo().isPrivate();
        if (announcer != null) {
            announcer.add(t.infoHash(), isPrivate, peer -> t.addPeers(List.of(peer), PeerSource.DHT));
        }
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
        if (announcer != null) {
            announcer.remove(t.infoHash());
        }
        if (lsd != null) {
            lsd.remove(t.infoHash());
        }
    }

    @Override
    public void close() {
        if (announcer != null) {
            announcer.close();
        }
        if (dht != null) {
            LOG.info("dht: {} nodes known at stop", dht.nodeCount());
            dht.close();
        }
        if (lsd != null) {
            lsd.close();
        }
    }
}
