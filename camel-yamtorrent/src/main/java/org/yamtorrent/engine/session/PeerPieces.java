package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/**
 * What each peer says it has: its bitfield, have-all or have-none, and its haves. Before the torrent's pieces are
 * known they are held in the peer's {@link HeldPieces}; once they are ({@link #attach}) they are checked and go to
 * the {@link Requester}, and a peer that is a seed like us is let go. Guarded by the owning {@link Swarm}'s lock.
 */
final class PeerPieces {

    private static final Logger LOG = LoggerFactory.getLogger(PeerPieces.class);

    private final TorrentHandle torrent;
    private final Haves haves;
    /** Null until the torrent's pieces are known. */
    private Requester requester;

    PeerPieces(TorrentHandle torrent, Haves haves) {
        this.torrent = torrent;
        this.haves = haves;
    }

    /**
     * The pieces are known: the held pieces of the peers that joined before are checked (a peer whose bitfield
     * does not fit is dropped), and the others hear what we have.
     */
    void attach(Requester r, List<PeerConnection> peers) {
        requester = r;
        for (PeerConnection p : new ArrayList<>(peers)) {
            try {
                p.has = p.held.resolve(r.picker().pieceCount());
            } catch (WireException e) {
                LOG.debug("{}: {} said it had pieces that do not fit: {}", torrent.name(), p, e.getMessage());
                p.channel.close();
                continue;
            }
            p.held = null;
            p.send(haves.afterJoin());
            r.peerJoined(p);
            closeIfBothSeeds(p);
        }
    }

    void haveAll(PeerConnection p, boolean all) {
        if (!p.fast) {
            throw new WireException((all ? "have all" : "have none")
                    + " from a peer that did not negotiate the fast extension");
        }
        if (p.held != null) {
            p.held.haveAll(all);
            return;
        }
        Bitfield b = new Bitfield(p.has.size());
        if (all) {
            for (int i = 0; i < b.size(); i++) {
                b.set(i);
            }
        }
        newBitfield(p, b);
    }

    void have(PeerConnection p, int index) {
        if (p.held != null) {
            p.held.have(index);
            return;
        }
        if (index < 0 || index >= p.has.size()) {
            throw new WireException("have " + index + " is outside 0.." + (p.has.size() - 1));
        }
        if (p.has.set(index)) {
            requester.have(p, index);
            closeIfBothSeeds(p);
            haves.peerHas(p, index);
        }
    }

    void bitfield(PeerConnection p, PeerMessage.Bitfield b) {
        if (p.held != null) {
            p.held.bitfield(b);
        } else {
            newBitfield(p, b.toBitfield(p.has.size()));
        }
    }

    private void newBitfield(PeerConnection p, Bitfield b) {
        requester.bitfield(p, b);
        closeIfBothSeeds(p);
    }

    private void closeIfBothSeeds(PeerConnection p) {
        if (p.has.isComplete() && torrent.store().bitfield().isComplete()) {
            LOG.debug("{}: {} and we are both seeds; disconnecting", torrent.name(), p);
            p.channel.close();
        }
    }
}
