package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.picker.PiecePicker;

/**
 * Super-seeding (BEP 16): a seed that tells each peer about one piece at a time, and about the next one only once the
 * first has turned up at another peer. Peers then fetch from each other what they cannot get from the seed, so the
 * seed uploads little more than one copy of the payload however many peers there are: what an origin that fans a
 * large file out to many nodes wants. The {@link Swarm} calls it under its lock, only while the torrent is complete.
 */
final class SuperSeed {

    /**
     * A peer whose piece has not turned up anywhere else this long after we offered it gets the next one anyway, so
     * a swarm of one, or peers that cannot reach each other, still finish (only slower than with plain seeding).
     * The offered peer's own have does not count: a peer need not announce to us a piece we told it we have.
     */
    static final long PASS_ON_WAIT_NANOS = 2_000_000_000L;

    private final int[] offers;
    private final Map<PeerConnection, Offer> offered = new HashMap<>();
    /**
     * Every piece offered to a peer so far: it fetched those from us, though it never tells us so (a peer announces
     * a piece only to those it believes lack it, and we told it we have it).
     */
    private final Map<PeerConnection, Bitfield> given = new HashMap<>();

    /** The piece a peer was told about, and when. */
    private record Offer(int piece, long offeredNanos) {
    }

    SuperSeed(int pieceCount) {
        this.offers = new int[pieceCount];
    }

    /**
     * The piece to announce to {@code p} next: of those it lacks, the one fewest peers have or were offered; -1 when
     * it lacks none as far as we know (then {@link #unrevealed} tells the caller what to announce to finish it).
     */
    int next(PeerConnection p, PiecePicker picker, long now) {
        Bitfield mine = given.computeIfAbsent(p, x -> new Bitfield(offers.length));
        int best = -1;
        long bestScore = Long.MAX_VALUE;
        for (int i = 0; i < offers.length; i++) {
            if (!p.has.get(i) && !mine.get(i)) {
                long score = (long) picker.availability(i) + offers[i];
                if (score < bestScore) {
                    best = i;
                    bestScore = score;
                }
            }
        }
        if (best >= 0) {
            offers[best]++;
            mine.set(best);
            offered.put(p, new Offer(best, now));
        } else {
            offered.remove(p);
        }
        return best;
    }

    /**
     * The pieces never announced to {@code p}. Near the end our idea of what a peer has can be wrong (a peer announces
     * a piece only to those it thinks lack it, and a bitfield can cross our first offer), so a peer that seems to
     * lack nothing we have not offered is told about everything else, and finishes from us like from a plain seed.
     */
    List<Integer> unrevealed(PeerConnection p) {
        Bitfield mine = given.computeIfAbsent(p, x -> new Bitfield(offers.length));
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < offers.length; i++) {
            if (!mine.get(i)) {
                mine.set(i);
                rest.add(i);
            }
        }
        return rest;
    }

    /** {@code p} announced {@code piece}: the other peers offered this piece passed it on and are due a new one. */
    List<PeerConnection> seen(PeerConnection p, int piece) {
        List<PeerConnection> due = new ArrayList<>();
        offered.forEach((q, o) -> {
            if (o.piece == piece && q != p) {
                due.add(q);
            }
        });
        return due;
    }

    /** Peers whose piece turned up nowhere else within {@link #PASS_ON_WAIT_NANOS} of the offer. */
    List<PeerConnection> overdue(long now) {
        List<PeerConnection> due = new ArrayList<>();
        offered.forEach((q, o) -> {
            if (now - o.offeredNanos > PASS_ON_WAIT_NANOS) {
                due.add(q);
            }
        });
        return due;
    }

    void gone(PeerConnection p) {
        offered.remove(p);
        given.remove(p);
    }
}
