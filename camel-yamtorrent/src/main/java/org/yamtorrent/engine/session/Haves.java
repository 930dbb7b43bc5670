package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.PeerMessage.Signal;

/**
 * What we tell peers we have: our bitfield (or BEP 6's have all / have none) when a peer joins, a have for each
 * piece verified later, and, when the torrent super-seeds (BEP 16, {@link SuperSeed}), one piece at a time
 * instead. Guarded by the owning {@link Swarm}'s lock.
 */
final class Haves {

    private static final Logger LOG = LoggerFactory.getLogger(Haves.class);

    private final TorrentHandle torrent;
    private PiecePicker picker;
    /** Non-null when the torrent was added with {@link TorrentOptions#superSeed}; acts only while we are a seed. */
    private SuperSeed superSeed;

    Haves(TorrentHandle torrent) {
        this.torrent = torrent;
    }

    /** The pieces are known. */
    void attach(PiecePicker picker) {
        this.picker = picker;
        if (torrent.options().superSeed()) {
            superSeed = new SuperSeed(picker.pieceCount());
        }
    }

    /** What a peer joining after the pieces are known hears first (then {@link #joined}). */
    List<Object> atJoin(PeerConnection p) {
        Bitfield have = torrent.store().bitfield();
        List<Object> out = new ArrayList<>(2);
        if (superSeeding()) {
            // BEP 16: we look like a peer with nothing, then reveal pieces one at a time
            if (p.fast) {
                out.add(Signal.HAVE_NONE);
            }
        } else if (p.fast && have.isComplete()) {
            out.add(Signal.HAVE_ALL);
        } else if (p.fast && have.cardinality() == 0) {
            out.add(Signal.HAVE_NONE);
        } else if (have.cardinality() > 0) {
            out.add(PeerMessage.Bitfield.of(have));
        }
        return out;
    }

    /** A peer that joined before the pieces were known (and got have none) hears of each verified piece now. */
    List<Object> afterJoin() {
        Bitfield have = torrent.store().bitfield();
        List<Object> out = new ArrayList<>(have.cardinality());
        for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
            out.add(new PeerMessage.Have(i));
        }
        return out;
    }

    /** The peer heard {@link #atJoin}: a super-seed offers it its first piece. */
    void joined(PeerConnection p) {
        if (superSeeding()) {
            offer(p);
        }
    }

    /** {@code p} has {@code piece} now: a super-seed offers the next piece to whoever it offered that one. */
    void peerHas(PeerConnection p, int piece) {
        if (superSeeding()) {
            for (PeerConnection q : superSeed.seen(p, piece)) {
                offer(q);
            }
        }
    }

    void gone(PeerConnection p) {
        if (superSeed != null) {
            superSeed.gone(p);
        }
    }

    /** We verified {@code piece}: every peer that lacks it hears so. */
    void verified(int piece, List<PeerConnection> peers) {
        PeerMessage.Have have = new PeerMessage.Have(piece);
        for (PeerConnection p : peers) {
            if (p.has != null && !p.has.get(piece)) {
                p.send(have);
            }
        }
    }

    /** Once a second: a super-seed passes on offers nobody took up for a while. */
    void tick(long now) {
        if (superSeeding()) {
            for (PeerConnection q : superSeed.overdue(now)) {
                offer(q);
            }
        }
    }

    private boolean superSeeding() {
        return superSeed != null && torrent.store().bitfield().isComplete();
    }

    /** Tells {@code p} about the next piece we super-seed to it. */
    private void offer(PeerConnection p) {
        int piece = superSeed.next(p, picker, System.nanoTime());
        if (piece >= 0) {
            LOG.debug("{}: super-seeding piece {} to {}", torrent.name(), piece, p);
            p.send(new PeerMessage.Have(piece));
            return;
        }
        List<Integer> rest = superSeed.unrevealed(p);
        LOG.debug("{}: {} seems to lack nothing else; revealing the {} pieces it was not told of", torrent.name(), p,
                rest.size());
        p.send(rest.stream().map(i -> (Object) new PeerMessage.Have(i)).toList());
    }
}
