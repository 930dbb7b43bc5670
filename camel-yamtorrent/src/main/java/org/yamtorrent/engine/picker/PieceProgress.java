package org.yamtorrent.engine.picker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The blocks of one piece that is being downloaded: which are free, requested (by whom) or received. */
final class PieceProgress {

    private static final Object[] NONE = new Object[0];

    final int piece;
    private final int size;
    private final int blockCount;
    /** Peers a block is requested from; NONE when free. More than one only in endgame. */
    private final Object[][] requesters;
    private final boolean[] received;
    private int free;
    private int receivedCount;
    /** Who sent each received block, so a piece that fails its hash can be blamed on the right peers. */
    private final Object[] senders;

    PieceProgress(int piece, int size) {
        this.piece = piece;
        this.size = size;
        this.blockCount = (size + Block.SIZE - 1) / Block.SIZE;
        this.requesters = new Object[blockCount][];
        java.util.Arrays.fill(requesters, NONE);
        this.received = new boolean[blockCount];
        this.senders = new Object[blockCount];
        this.free = blockCount;
    }

    Block block(int i) {
        int offset = i * Block.SIZE;
        return new Block(piece, offset, Math.min(Block.SIZE, size - offset));
    }

    int blockCount() {
        return blockCount;
    }

    int free() {
        return free;
    }

    boolean isComplete() {
        return receivedCount == blockCount;
    }

    /** Takes up to {@code max} free blocks for {@code peer}; returns how many were taken. */
    int takeFree(Object peer, int max, List<Block> out) {
        int taken = 0;
        for (int i = 0; i < blockCount && taken < max && free > 0; i++) {
            if (!received[i] && requesters[i].length == 0) {
                requesters[i] = new Object[] {peer};
                free--;
                out.add(block(i));
                taken++;
            }
        }
        return taken;
    }

    /** Endgame: takes blocks others requested but this peer did not, nor has any arrived. */
    int takeDuplicates(Object peer, int max, List<Block> out) {
        int taken = 0;
        for (int i = 0; i < blockCount && taken < max; i++) {
            if (!received[i] && requesters[i].length > 0 && !contains(requesters[i], peer)) {
                Object[] more = java.util.Arrays.copyOf(requesters[i], requesters[i].length + 1);
                more[more.length - 1] = peer;
                requesters[i] = more;
                out.add(block(i));
                taken++;
            }
        }
        return taken;
    }

    /** Each received block and the peer that sent it. */
    Map<Block, Object> senders() {
        Map<Block, Object> out = new HashMap<>();
        for (int i = 0; i < blockCount; i++) {
            if (senders[i] != null) {
                out.put(block(i), senders[i]);
            }
        }
        return out;
    }

    boolean isRequestedBy(int i, Object peer) {
        return contains(requesters[i], peer);
    }

    /**
     * Marks block {@code i} received from {@code peer}. Returns the other peers it was also requested from (to
     * cancel), or null when the block was not wanted (already received, or never requested from this peer).
     */
    List<Object> receive(int i, Object peer) {
        if (received[i] || !contains(requesters[i], peer)) {
            return null;
        }
        received[i] = true;
        receivedCount++;
        senders[i] = peer;
        if (requesters[i].length == 1) {
            // the common case outside endgame: nobody to cancel, and nothing allocated per block
            requesters[i] = NONE;
            return List.of();
        }
        List<Object> others = new ArrayList<>(requesters[i].length - 1);
        for (Object p : requesters[i]) {
            if (p != peer) {
                others.add(p);
            }
        }
        requesters[i] = NONE;
        return others;
    }

    /** Forgets that {@code peer} was asked for block {@code i}; returns true if it became free. */
    boolean release(int i, Object peer) {
        Object[] r = requesters[i];
        if (received[i] || !contains(r, peer)) {
            return false;
        }
        if (r.length == 1) {
            requesters[i] = NONE;
            free++;
            return true;
        }
        Object[] rest = new Object[r.length - 1];
        int n = 0;
        for (Object p : r) {
            if (p != peer) {
                rest[n++] = p;
            }
        }
        requesters[i] = rest;
        return false;
    }

    /** Drops every block requested from {@code peer}; returns the blocks it held. */
    List<Block> releaseAll(Object peer) {
        List<Block> dropped = new ArrayList<>();
        for (int i = 0; i < blockCount; i++) {
            if (contains(requesters[i], peer)) {
                release(i, peer);
                dropped.add(block(i));
            }
        }
        return dropped;
    }

    private static boolean contains(Object[] peers, Object peer) {
        for (Object p : peers) {
            if (p == peer) {
                return true;
            }
        }
        return false;
    }
}
