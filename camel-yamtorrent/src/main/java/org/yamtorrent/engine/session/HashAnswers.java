package org.yamtorrent.engine.session;

import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.PieceLayers;
import org.yamtorrent.engine.wire.HashRange;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/**
 * BEP 52 hash transfer for one peer, on its event loop: a hash request is answered from the torrent's piece
 * layers with a hashes message, or with a hash reject when we cannot serve it (a v1 torrent, metadata still
 * coming, a base layer other than the piece layer, a range outside the file's tree). Hashes and hash rejects go to
 * the torrent's {@link LayerFetch} while it fetches the piece layers of metadata that came from peers; any other is
 * unsolicited, and a peer that floods them is dropped.
 */
final class HashAnswers {

    /** Requests answered a second (BEP 52 allows a limit): each may hash up to a file's tree on the event loop. */
    static final int MAX_PER_SECOND = 16;
    private static final int MAX_UNSOLICITED = 64;

    private long windowStart = System.nanoTime();
    private int inWindow;
    private int unsolicited;

    void received(PeerConnection peer, TorrentHandle torrent, PeerMessage m) {
        if (!(m instanceof PeerMessage.HashRequest request)) {
            LayerFetch fetch = torrent.run().layerFetch();
            if ((fetch == null || !fetch.received(peer, m)) && ++unsolicited > MAX_UNSOLICITED) {
                throw new WireException("sent " + unsolicited + " hashes or hash rejects we never asked for");
            }
            return;
        }
        long now = System.nanoTime();
        if (now - windowStart > 1_000_000_000L) {
            windowStart = now;
            inWindow = 0;
        }
        if (++inWindow > MAX_PER_SECOND) {
            throw new WireException("sent more than " + MAX_PER_SECOND + " hash requests within a second");
        }
        peer.send(answer(torrent.metainfo(), request.range()));
    }

    static PeerMessage answer(Metainfo metainfo, HashRange r) {
        PieceLayers layers = metainfo == null ? null : metainfo.pieceLayers();
        byte[] hashes = layers == null ? null
                : layers.hashes(r.piecesRoot(), r.baseLayer(), r.index(), r.length(), r.proofLayers());
        return hashes == null ? new PeerMessage.HashReject(r) : new PeerMessage.Hashes(r, hashes);
    }
}
