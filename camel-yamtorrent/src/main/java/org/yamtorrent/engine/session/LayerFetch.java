package org.yamtorrent.engine.session;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.hashes.PieceLayerFetcher;
import org.yamtorrent.engine.metainfo.PieceLayerNeed;
import org.yamtorrent.engine.wire.Feature;
import org.yamtorrent.engine.wire.PeerMessage;

/**
 * The piece layers of a torrent whose v2 (or hybrid) info dictionary came from peers, fetched from the torrent's
 * peers with BEP 52 hash requests before the metadata is attached. A v2-only torrent asks every peer (each
 * connected by the v2 info-hash); a hybrid one only peers whose handshake says they speak v2 too, since a v1-only
 * client may drop a connection for a message it does not know.
 *
 * <p>Threads: {@link #tick} runs on the session's timer, {@link #received} on a peer's event loop; the fetcher is
 * used under this object's lock, which covers memory work only. Requests are sent, liars banned and the finished
 * layers handed on after the lock is released.
 */
final class LayerFetch {

    private static final Logger LOG = LoggerFactory.getLogger(LayerFetch.class);

    private final TorrentHandle torrent;
    private final PieceLayerFetcher<PeerConnection> fetcher;
    private final Consumer<Map<ByteBuffer, byte[]>> onComplete;
    private boolean handedOn;

    /** @param onComplete gets the proved layers, once, on the thread that completed them */
    LayerFetch(TorrentHandle torrent, List<PieceLayerNeed> needs, long timeoutMillis,
               Consumer<Map<ByteBuffer, byte[]>> onComplete) {
        this.torrent = torrent;
        this.fetcher = new PieceLayerFetcher<>(needs, timeoutMillis);
        this.onComplete = onComplete;
    }

    /** Once a second: peers that joined or left, and the requests that are due. */
    void tick(List<PeerConnection> connected, long nowMillis) {
        List<PieceLayerFetcher.Request<PeerConnection>> due;
        synchronized (this) {
            Set<PeerConnection> known = fetcher.peers();
            known.stream().filter(p -> p.closed || !connected.contains(p)).forEach(fetcher::peerGone);
            connected.stream().filter(p -> !p.closed && !known.contains(p) && servesHashes(p))
                    .forEach(fetcher::peerJoined);
            due = fetcher.requests(nowMillis);
        }
        due.forEach(r -> r.peer().send(new PeerMessage.HashRequest(r.range())));
    }

    private boolean servesHashes(PeerConnection p) {
        return !torrent.infoHash().hasV1() || p.features.contains(Feature.V2_UPGRADE);
    }

    /**
     * A hashes or hash reject message from {@code peer}.
     *
     * @return false when it answers nothing we asked that peer: unsolicited
     */
    boolean received(PeerConnection peer, PeerMessage m) {
        boolean solicited;
        Map<PeerConnection, String> bad;
        Map<ByteBuffer, byte[]> layers = null;
        synchronized (this) {
            if (m instanceof PeerMessage.Hashes h) {
                solicited = fetcher.onHashes(peer, h.range(), h.hashes());
            } else {
                solicited = fetcher.onReject(peer, ((PeerMessage.HashReject) m).range(), System.currentTimeMillis());
            }
            bad = fetcher.takeBadPeers();
            if (fetcher.complete() && !handedOn) {
                handedOn = true;
                layers = fetcher.layers();
            }
        }
        bad.forEach(PeerConnection::ban);
        if (layers != null) {
            LOG.debug("{}: piece layers of {} files proved against their roots", torrent.name(), layers.size());
            onComplete.accept(layers);
        }
        return solicited;
    }
}
