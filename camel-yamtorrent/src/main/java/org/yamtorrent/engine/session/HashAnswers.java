package org.yamtorrent.engine.session;

import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.PieceLayers;
import org.yamtorrent.engine.wire.HashRange;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/**
 * BEP 52 hash transfer for one peer, on its event loop: a hash request is answered from the torrent's piece
 * layers with a hashes message, or with a hash reject when we cannot serve it (a v1 torrent, metadata still
 * coming, a base layer other than the piece layer, a range outside the file's tree). We never ask for hashes (our
 * v2 torrents come with their piece layers), so hashes and hash rejects are unsolicited; a peer that floods either
 * is dropped.
 */
final class HashAnswers {

    /** Requests answered a second (BEP 52 allows a limit): each may hash up to a file's tree on the event loop. */
    static final int MAX_PER_SECOND = 16;
    private static final int MAX_UNSOLICITED = 64;

    private long windowStart = System.nanoTime();
    private int inWindow;
    private int unsolicited;

    void received(PeerConnection peer, Metainfo metainfo, PeerMessage m) {
        if (!(m instanceof PeerMessage.HashRequest request)) {
            if (++unsolicited > MAX_UNSOLICITED) {
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
        peer.send(answer(metainfo, request.range()));
    }

    static PeerMessage answer(Metainfo metainfo, HashRange r) {
        PieceLayers layers = metainfo == null ? null : metainfo.pieceLayers();
        byte[] hashes = layers == null ? null
                : layers.hashes(r.piecesRoot(), r.baseLayer(), r.index(), r.length(), r.proofLayers());
        return hashes == null ? new PeerMessage.HashReject(r) : new PeerMessage.Hashes(r, hashes);
    }
}
