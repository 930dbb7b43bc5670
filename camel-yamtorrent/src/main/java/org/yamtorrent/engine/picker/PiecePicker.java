package org.yamtorrent.engine.picker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.PieceGeometry;

/**
 * Decides which blocks to request from which peer. It tracks how many peers have each piece, which pieces are in
 * progress and which of their blocks are requested or received, and switches to endgame (the same block asked of
 * several peers, the losers cancelled) once nothing unrequested is left. File priorities ({@link
 * #setFilePriorities}) decide which pieces are wanted at all and which come first; a stream's window
 * ({@link #setPriority}) comes before both.
 *
 * <p>Peers are identified by any object (the session passes its connection); identity, not equals, is used. Not
 * thread-safe: the session calls it under its torrent lock.
 */
public final class PiecePicker {

    private final int pieceCount;
    private final PieceGeometry geometry;
    private final Bitfield have;
    /** Pieces not to start: verified, in progress, or held by skipped files only. */
    private final Bitfield blocked;
    private final PieceWants wants;
    private final int[] availability;
    private final TreeMap<Integer, PieceProgress> active = new TreeMap<>();
    private PieceOrder order;
    /** Every piece before this index is started; keeps in-order scans short. */
    private int firstUnstarted;

    /**
     * @param have the pieces already verified (copied), one bit per piece of {@code geometry}
     */
    public PiecePicker(PieceGeometry geometry, Bitfield have, PieceOrder order) {
        if (have.size() != geometry.pieceCount()) {
            throw new IllegalArgumentException(have.size() + " bits for " + geometry.pieceCount() + " pieces");
        }
        this.geometry = geometry;
        this.pieceCount = have.size();
        this.have = have.copy();
        this.blocked = have.copy();
        this.wants = new PieceWants(geometry);
        this.availability = new int[pieceCount];
        this.order = order;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public void setOrder(PieceOrder order) {
        this.order = order;
    }

    public PieceOrder order() {
        return order;
    }

    /**
     * Pieces to fetch before all others, in the given order, whatever the piece order: a stream's read-ahead window,
     * like libtorrent's piece deadlines. Pieces already verified are skipped. Replaces the previous list; an empty
     * array clears it.
     */
    public void setPriority(int[] pieces) {
        wants.windows(pieces);
    }

    /**
     * Which files to fetch, and which first: one priority per entry of the geometry's files. A piece takes the
     * highest priority of the files it holds bytes of; pieces of skipped files only are not started (those in
     * progress keep what they have, and are finished if wanted again). Replaces the previous priorities.
     */
    public void setFilePriorities(List<FilePriority> files) {
        wants.files(files);
        for (int i = 0; i < pieceCount; i++) {
            if (have.get(i) || active.containsKey(i) || !wants.isWanted(i)) {
                blocked.set(i);
            } else {
                blocked.clear(i);
            }
        }
        firstUnstarted = 0;
    }

    /** True when the piece is missing and wanted: by file priority, or by a stream's window. */
    public boolean wants(int piece) {
        return !have.get(piece) && wants.isWantedOrWindowed(piece);
    }

    public void peerHas(int piece) {
        availability[piece]++;
    }

    public void peerBitfield(Bitfield peerHas) {
        for (int i = peerHas.nextSet(0); i >= 0; i = peerHas.nextSet(i + 1)) {
            availability[i]++;
        }
    }

    /** The peer's earlier bitfield no longer counts (it sent a new one, or left). */
    public void peerBitfieldRemoved(Bitfield peerHas) {
        for (int i = peerHas.nextSet(0); i >= 0; i = peerHas.nextSet(i + 1)) {
            availability[i]--;
        }
    }

    /** A peer left: its pieces no longer count, and its requests go back to the queue. */
    public void peerGone(Object peer, Bitfield peerHas) {
        peerBitfieldRemoved(peerHas);
        releaseAll(peer);
    }

    public int availability(int piece) {
        return availability[piece];
    }

    /** True when the peer has a piece we lack and want. */
    public boolean isInteresting(Bitfield peerHas) {
        for (int i = peerHas.nextSet(0); i >= 0; i = peerHas.nextSet(i + 1)) {
            if (wants(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Picks up to {@code max} blocks to request from {@code peer}: first the priority pieces, then free blocks of
     * wanted pieces already in progress (finishing pieces early frees memory and lets them be verified and shared),
     * then new pieces in the configured order, those of high-priority files first, and in endgame blocks already
     * requested from others.
     */
    public List<Block> pick(Object peer, Bitfield peerHas, int max) {
        List<Block> out = new ArrayList<>(Math.min(max, 64));
        pickPriority(peer, peerHas, max, out);
        for (PieceProgress p : active.values()) {
            if (out.size() >= max) {
                return out;
            }
            if (p.free() > 0 && peerHas.get(p.piece) && wants.isWanted(p.piece)) {
                p.takeFree(peer, max - out.size(), out);
            }
        }
        while (out.size() < max) {
            int piece = nextHigh(peerHas);
            if (piece < 0) {
                piece = order == PieceOrder.IN_ORDER ? nextInOrder(peerHas) : nextRarest(peerHas);
            }
            if (piece < 0) {
                break;
            }
            PieceProgress p = start(piece);
            p.takeFree(peer, max - out.size(), out);
        }
        if (out.isEmpty() && isEndgame()) {
            for (PieceProgress p : active.values()) {
                if (out.size() >= max) {
                    break;
                }
                if (peerHas.get(p.piece) && wants.isWanted(p.piece)) {
                    p.takeDuplicates(peer, max - out.size(), out);
                }
            }
        }
        return out;
    }

    /**
     * Picks blocks for a web seed (BEP 19), which has every piece and serves long byte ranges best: a run of
     * consecutive wanted pieces nobody started, up to {@code max} blocks (at least one whole piece), taken from the end of
     * the torrent backwards, since peers in order work from the front and rarest first spreads them at random, so
     * the seed rarely takes what a peer is about to ask for; once every piece is started, the free blocks of one
     * piece in progress. Never endgame duplicates: an HTTP request costs too much to race.
     */
    public List<Block> pickRun(Object seed, int max) {
        List<Block> out = new ArrayList<>();
        int last = pieceCount - 1;
        while (last >= 0 && blocked.get(last)) {
            last--;
        }
        if (last >= 0) {
            int first = last;
            int blocks = blockCount(last);
            while (first > 0 && !blocked.get(first - 1) && blocks + blockCount(first - 1) <= max) {
                blocks += blockCount(--first);
            }
            for (int piece = first; piece <= last; piece++) {
                start(piece).takeFree(seed, Integer.MAX_VALUE, out);
            }
            return out;
        }
        for (PieceProgress p : active.descendingMap().values()) {
            if (p.free() > 0 && wants.isWanted(p.piece)) {
                p.takeFree(seed, max, out);
                break;
            }
        }
        return out;
    }

    private int blockCount(int piece) {
        return (geometry.pieceSize(piece) + Block.SIZE - 1) / Block.SIZE;
    }

    private void pickPriority(Object peer, Bitfield peerHas, int max, List<Block> out) {
        for (int piece : wants.windows()) {
            if (out.size() >= max) {
                return;
            }
            if (have.get(piece) || !peerHas.get(piece)) {
                continue;
            }
            PieceProgress p = active.get(piece);
            if (p == null) {
                p = start(piece);
            }
            if (p.free() > 0) {
                p.takeFree(peer, max - out.size(), out);
            }
        }
    }

    /** Endgame: every missing wanted piece is in progress and none has a free block left. */
    public boolean isEndgame() {
        if (blocked.cardinality() < pieceCount) {
            return false;
        }
        for (PieceProgress p : active.values()) {
            if (p.free() > 0 && wants.isWanted(p.piece)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records a block's arrival.
     *
     * @return what to do next, or null when the block was not wanted from this peer (drop its data)
     */
    public Received received(Object peer, Block block) {
        PieceProgress p = active.get(block.piece());
        if (p == null || !valid(p, block)) {
            return null;
        }
        List<Object> cancel = p.receive(block.index(), peer);
        if (cancel == null) {
            return null;
        }
        return new Received(cancel, p.isComplete());
    }

    /** Who sent each received block of a piece in progress; asked after a hash failure to find whom to blame. */
    public Map<Block, Object> senders(int piece) {
        PieceProgress p = active.get(piece);
        return p == null ? Map.of() : p.senders();
    }

    /** True when {@code block} is an outstanding request to {@code peer}. */
    public boolean isRequested(Object peer, Block block) {
        PieceProgress p = active.get(block.piece());
        return p != null && valid(p, block) && p.isRequestedBy(block.index(), peer);
    }

    /** A request to {@code peer} will not be answered (choke, reject, timeout): its block goes back to the queue. */
    public void release(Object peer, Block block) {
        PieceProgress p = active.get(block.piece());
        if (p != null && valid(p, block)) {
            p.release(block.index(), peer);
        }
    }

    /** Drops every request to {@code peer}; returns them (so the session can send cancels if it wants). */
    public List<Block> releaseAll(Object peer) {
        List<Block> dropped = new ArrayList<>();
        for (PieceProgress p : active.values()) {
            dropped.addAll(p.releaseAll(peer));
        }
        return dropped;
    }

    public void pieceVerified(int piece) {
        active.remove(piece);
        have.set(piece);
        blocked.set(piece);
    }

    /** A piece failed its hash: every block of it is downloaded again. */
    public void pieceFailed(int piece) {
        active.remove(piece);
        if (wants.isWanted(piece)) {
            blocked.clear(piece);
        }
        firstUnstarted = Math.min(firstUnstarted, piece);
    }

    public boolean have(int piece) {
        return have.get(piece);
    }

    public int inProgress() {
        return active.size();
    }

    private PieceProgress start(int piece) {
        blocked.set(piece);
        PieceProgress p = new PieceProgress(piece, geometry.pieceSize(piece));
        active.put(piece, p);
        return p;
    }

    private int nextInOrder(Bitfield peerHas) {
        firstUnstarted = blocked.nextClear(firstUnstarted);
        if (firstUnstarted < 0) {
            firstUnstarted = pieceCount;
            return -1;
        }
        for (int i = firstUnstarted; i >= 0; i = blocked.nextClear(i + 1)) {
            if (peerHas.get(i)) {
                return i;
            }
        }
        return -1;
    }

    /** The next high-priority piece to start that the peer has, in the piece order; -1 when there is none. */
    private int nextHigh(Bitfield peerHas) {
        int best = -1;
        Bitfield high = wants.high();
        for (int i = high.nextSet(0); i >= 0; i = high.nextSet(i + 1)) {
            if (!blocked.get(i) && peerHas.get(i)) {
                if (order == PieceOrder.IN_ORDER) {
                    return i;
                }
                if (best < 0 || availability[i] < availability[best]) {
                    best = i;
                }
            }
        }
        return best;
    }

    /** The least available piece the peer has; ties broken from a random start so peers spread out. */
    private int nextRarest(Bitfield peerHas) {
        if (pieceCount == 0) {
            return -1;
        }
        int start = ThreadLocalRandom.current().nextInt(pieceCount);
        int best = -1;
        for (int n = 0; n < pieceCount; n++) {
            int i = start + n < pieceCount ? start + n : start + n - pieceCount;
            if (!blocked.get(i) && peerHas.get(i) && (best < 0 || availability[i] < availability[best])) {
                best = i;
                if (availability[i] <= 1) {
                    break;
                }
            }
        }
        return best;
    }

    private boolean valid(PieceProgress p, Block block) {
        return block.offset() >= 0 && block.offset() % Block.SIZE == 0 && block.index() < p.blockCount()
                && block.equals(p.block(block.index()));
    }

    /**
     * @param cancel        peers the same block was also requested from (endgame): send them a cancel
     * @param pieceComplete every block of the piece has arrived: it can be verified
     */
    public record Received(List<Object> cancel, boolean pieceComplete) {
    }

    /** For tests and diagnostics: the pieces in progress and their free-block counts. */
    Map<Integer, Integer> freeBlocks() {
        Map<Integer, Integer> m = new TreeMap<>();
        active.values().forEach(p -> m.put(p.piece, p.free()));
        return m;
    }
}
