package org.yamtorrent.engine.metadata;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.yamtorrent.engine.extension.Extension;
import org.yamtorrent.engine.extension.ExtensionPeer;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.wire.WireException;

/**
 * ut_metadata as a BEP 10 extension of one torrent. With metadata it announces {@code metadata_size} and answers
 * requests through a {@link MetadataServer} (rejects on a private torrent); without, it fetches the metadata from
 * peers that announce a size through a {@link MetadataFetcher}, which its owner drives with {@link #tick}.
 *
 * <p>Threads: peers call it from their event loops at once, so the fetcher is used under this object's lock,
 * which covers memory work only; messages are sent, peers banned and the verified metadata handed on after the
 * lock is released.
 */
public final class MetadataExtension implements Extension {

    public static final String NAME = "ut_metadata";

    private final MetadataFetcher<ExtensionPeer> fetcher;
    private final Consumer<byte[]> onVerified;
    private volatile MetadataServer server;

    private MetadataExtension(MetadataServer server, MetadataFetcher<ExtensionPeer> fetcher, Consumer<byte[]> onVerified) {
        this.server = server;
        this.fetcher = fetcher;
        this.onVerified = onVerified;
    }

    /** For a torrent whose metadata we have. */
    public static MetadataExtension serving(Metainfo metainfo) {
        return new MetadataExtension(new MetadataServer(metainfo), null, null);
    }

    /**
     * For a torrent known by its info-hash only.
     *
     * @param maxBytes   the cap on {@code metadata_size}: the .torrent cap
     * @param onVerified gets the info dictionary once it matches the info-hash (called once, on a peer's thread)
     */
    public static MetadataExtension fetching(InfoHash infoHash, int maxBytes, long timeoutMillis, Consumer<byte[]> onVerified) {
        return new MetadataExtension(null, new MetadataFetcher<>(infoHash, maxBytes, timeoutMillis), onVerified);
    }

    /** The metadata is known now (from peers or a .torrent): serve it from here on. */
    public void attached(Metainfo metainfo) {
        server = new MetadataServer(metainfo);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void addHandshakeFields(Map<String, Object> handshake) {
        MetadataServer s = server;
        if (s != null && s.metadataSize() > 0) {
            handshake.put("metadata_size", (long) s.metadataSize());
        }
    }

    @Override
    public void peerHandshake(ExtensionPeer peer, Map<String, Object> handshake) {
        if (fetcher == null || !peer.supports(NAME) || !(handshake.get("metadata_size") instanceof Long size)) {
            return;
        }
        try {
            synchronized (this) {
                fetcher.peerHas(peer, size);
            }
        } catch (MetadataException e) {
            peer.close(e.getMessage());
        }
    }

    @Override
    public void onMessage(ExtensionPeer peer, ByteBuf payload) {
        MetadataMessage m;
        try {
            m = MetadataMessage.decode(ByteBufUtil.getBytes(payload, payload.readerIndex(),
                    Math.min(payload.readableBytes(), MetadataMessage.MAX_DICTIONARY + MetadataMessage.PIECE_SIZE + 1)));
        } catch (MetadataException e) {
            throw new WireException(e.getMessage());
        }
        if (m instanceof MetadataMessage.Request r) {
            MetadataServer s = server;
            send(peer, s == null ? new MetadataMessage.Reject(r.piece()) : s.answer(r));
        } else if (fetcher != null) {
            received(peer, m);
        }
    }

    private void received(ExtensionPeer peer, MetadataMessage m) {
        byte[] verified = null;
        MetadataException violation = null;
        Map<ExtensionPeer, String> bad;
        synchronized (this) {
            boolean wasKnown = fetcher.metadata() != null;
            try {
                if (m instanceof MetadataMessage.Data d) {
                    verified = fetcher.onData(peer, d) && !wasKnown ? fetcher.metadata() : null;
                } else {
                    fetcher.onReject(peer, m.piece(), System.currentTimeMillis());
                }
            } catch (MetadataException e) {
                violation = e;
            }
            bad = fetcher.takeBadPeers();
        }
        bad.forEach(ExtensionPeer::ban);
        if (violation != null && !bad.containsKey(peer)) {
            peer.ban(violation.getMessage());
        }
        if (verified != null) {
            onVerified.accept(verified);
        }
    }

    /** Sends the requests that are due: new pieces, and pieces whose peer did not answer in time. */
    public void tick(long nowMillis) {
        if (fetcher == null) {
            return;
        }
        List<MetadataFetcher.PieceRequest<ExtensionPeer>> due;
        synchronized (this) {
            due = fetcher.requests(nowMillis);
        }
        due.forEach(r -> send(r.peer(), new MetadataMessage.Request(r.piece())));
    }

    @Override
    public void peerGone(ExtensionPeer peer) {
        if (fetcher != null) {
            synchronized (this) {
                fetcher.peerGone(peer);
            }
        }
    }

    private static void send(ExtensionPeer peer, MetadataMessage m) {
        peer.sendExtended(NAME, Unpooled.wrappedBuffer(m.encode()));
    }
}
