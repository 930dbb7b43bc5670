package org.yamtorrent.engine.pex;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.yamtorrent.engine.extension.Extension;
import org.yamtorrent.engine.extension.ExtensionPeer;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.wire.WireException;

/**
 * ut_pex as a BEP 10 extension of one public torrent: tells each peer that supports it about the others (their
 * listening addresses), and hands the peers it learns to the torrent's address book. Messages go out when the set
 * of peers changes and on {@link #tick}, at most once a minute to each peer ({@link PexSender}).
 *
 * <p>Threads: peers call it from their event loops at once; its map of peers is used under this object's lock,
 * for memory work only. Messages are sent and learned peers handed on after the lock is released.
 */
public final class PexExtension implements Extension {

    public static final String NAME = "ut_pex";

    private final Consumer<List<InetSocketAddress>> learn;
    /** The torrent's metadata as it is now: null while a magnet's is still coming. */
    private final Supplier<Metainfo> metainfo;
    private final Map<ExtensionPeer, Peer> peers = new LinkedHashMap<>();

    /** One connected peer: where it listens, and our PEX state with it. */
    private record Peer(InetSocketAddress listening, PexSender sender, PexReceiver receiver) {
    }

    private PexExtension(Supplier<Metainfo> metainfo, Consumer<List<InetSocketAddress>> learn) {
        this.metainfo = metainfo;
        this.learn = learn;
    }

    /**
     * PEX for a torrent, or null (no extension) on a private one or one whose metadata is not known yet (BEP 27).
     *
     * @param learn gets the peers learned from others, e.g. {@code torrent::addPeers}
     */
    public static PexExtension forTorrent(Metainfo metainfo, Consumer<List<InetSocketAddress>> learn) {
        return PexSender.allowed(metainfo) ? new PexExtension(() -> metainfo, learn) : null;
    }

    /**
     * PEX for a torrent added by info-hash, whose metadata may say it is private (BEP 27): it keeps track of its
     * peers from the start but sends nothing and learns nothing until {@code metainfo} gives public metadata.
     */
    public static PexExtension forMagnet(Supplier<Metainfo> metainfo, Consumer<List<InetSocketAddress>> learn) {
        return new PexExtension(metainfo, learn);
    }

    private boolean active() {
        return PexSender.allowed(metainfo.get());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void peerHandshake(ExtensionPeer peer, Map<String, Object> handshake) {
        InetSocketAddress a = peer.address();
        // an incoming peer's source port is not where it listens; its handshake's p is
        InetSocketAddress listening = handshake.get("p") instanceof Long p && p > 0 && p <= 65535 && a.getAddress() != null
                ? new InetSocketAddress(a.getAddress(), p.intValue()) : a;
        synchronized (this) {
            peers.putIfAbsent(peer, new Peer(listening, new PexSender(listening), new PexReceiver()));
        }
        tick(System.currentTimeMillis());
    }

    @Override
    public void onMessage(ExtensionPeer peer, ByteBuf payload) {
        if (payload.readableBytes() > PexMessage.MAX_BYTES) {
            throw new WireException("ut_pex message of " + payload.readableBytes() + " bytes is longer than "
                    + PexMessage.MAX_BYTES);
        }
        PexMessage m;
        try {
            m = PexMessage.decode(ByteBufUtil.getBytes(payload));
        } catch (PexException e) {
            throw new WireException(e.getMessage());
        }
        if (!active()) {
            return; // a magnet's metadata is not known yet, or says the torrent is private
        }
        List<InetSocketAddress> learned = new ArrayList<>();
        synchronized (this) {
            Peer p = peers.get(peer);
            if (p == null) {
                return; // a message before its extension handshake
            }
            p.receiver().accept(m, System.currentTimeMillis()).forEach(x -> learned.add(x.address()));
        }
        learned.removeIf(a -> a.getAddress() == null || a.getAddress().isAnyLocalAddress() || a.getAddress().isMulticastAddress());
        if (!learned.isEmpty()) {
            learn.accept(learned);
        }
    }

    @Override
    public void peerGone(ExtensionPeer peer) {
        synchronized (this) {
            peers.remove(peer);
        }
        tick(System.currentTimeMillis());
    }

    /** Sends each peer that supports ut_pex what changed since its last message, when a minute has passed. */
    public void tick(long nowMillis) {
        if (!active()) {
            return;
        }
        Map<ExtensionPeer, PexMessage> due = new LinkedHashMap<>();
        synchronized (this) {
            List<PexPeer> connected = peers.values().stream().map(p -> new PexPeer(p.listening(), 0)).toList();
            peers.forEach((peer, p) -> {
                if (peer.supports(NAME)) {
                    PexMessage m = p.sender().next(connected, nowMillis);
                    if (m != null) {
                        due.put(peer, m);
                    }
                }
            });
        }
        due.forEach((peer, m) -> peer.sendExtended(NAME, Unpooled.wrappedBuffer(m.encode())));
    }

    /** How many peers are known to this torrent's PEX (connected and past their extension handshake). */
    public synchronized int peerCount() {
        return peers.size();
    }
}
