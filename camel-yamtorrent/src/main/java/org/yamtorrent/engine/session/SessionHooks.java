package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.netty.channel.Channel;
import org.yamtorrent.engine.extension.Extension;
import org.yamtorrent.engine.extension.ExtensionRegistry;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.wire.Feature;
import org.yamtorrent.engine.wire.Handshake;

/**
 * Where other layers plug into a {@link Session} ({@link Session#hooks()}): BEP 10 extensions, reserved-bit
 * features, connection hooks (e.g. encryption) and the DHT's PORT messages. Register before adding torrents: an
 * extension reaches the torrents added after it, a hook the connections set up after it. Thread-safe.
 */
public final class SessionHooks {

    private final List<Function<TorrentHandle, Extension>> extensions = new CopyOnWriteArrayList<>();
    private final Set<Feature> features = EnumSet.of(Feature.FAST, Feature.EXTENSION_PROTOCOL);
    private final List<ConnectionHook> connectionHooks = new CopyOnWriteArrayList<>();
    private volatile int dhtPort;
    private volatile BiConsumer<InetSocketAddress, Integer> portListener = (peer, port) -> { };

    SessionHooks() {
    }

    /**
     * Registers a BEP 10 extension: {@code factory} makes its instance for each torrent added from now on (null
     * leaves a torrent without it, e.g. PEX on a private torrent). Extensions are numbered in registration order;
     * see the {@link org.yamtorrent.engine.extension} package.
     */
    public void addExtension(Function<TorrentHandle, Extension> factory) {
        extensions.add(factory);
    }

    /** Advertises {@code feature} in the reserved bytes of our handshakes from now on. */
    public void advertise(Feature feature) {
        synchronized (features) {
            features.add(feature);
        }
    }

    /** Runs {@code hook} on every connection set up from now on, before its handshake (see {@link ConnectionHook}). */
    public void addConnectionHook(ConnectionHook hook) {
        connectionHooks.add(hook);
    }

    /**
     * BEP 5: our DHT node listens on UDP {@code port}; from now on our handshakes set the DHT bit and every peer
     * whose handshake sets it gets a PORT message naming this port when it joins. 0 stops sending PORT messages.
     */
    public void dhtPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("DHT port " + port);
        }
        dhtPort = port;
        if (port > 0) {
            advertise(Feature.DHT);
        }
    }

    /**
     * Receives each PORT message a peer sends (BEP 5: where its DHT node listens), with the peer's address; called
     * on the peer's event loop, never under an engine lock.
     */
    public void onPortMessage(BiConsumer<InetSocketAddress, Integer> listener) {
        portListener = listener;
    }

    // ---- for the session ----

    int dhtPort() {
        return dhtPort;
    }

    void portReceived(InetSocketAddress peer, int port) {
        portListener.accept(peer, port);
    }

    /** Our handshake; for a hybrid torrent it also says we speak v2 (BEP 52), so v2 peers answer our hash requests. */
    Handshake handshake(InfoHash infoHash, byte[] peerId) {
        synchronized (features) {
            if (infoHash.hasV1() && infoHash.hasV2()) {
                EnumSet<Feature> hybrid = EnumSet.copyOf(features);
                hybrid.add(Feature.V2_UPGRADE);
                return Handshake.of(infoHash, peerId, hybrid);
            }
            return Handshake.of(infoHash, peerId, features);
        }
    }

    ExtensionRegistry extensionsFor(TorrentHandle t) {
        List<Extension> list = new ArrayList<>();
        for (Function<TorrentHandle, Extension> f : extensions) {
            Extension e = f.apply(t);
            if (e != null) {
                list.add(e);
            }
        }
        return new ExtensionRegistry(list);
    }

    void initChannel(Channel channel, InfoHash dialledFor) {
        for (ConnectionHook hook : connectionHooks) {
            hook.initChannel(channel, dialledFor);
        }
    }
}
