package org.yamtorrent.engine.picker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.PieceGeometry;

class PiecePickerTest {

    private static final int PIECE = 4 * Block.SIZE;

    private static PieceGeometry geometry(long totalLength) {
        return new PieceGeometry(List.of(new FileEntry(List.of("t"), totalLength, 0, "")), PIECE);
    }

    private static Bitfield all(int n) {
        Bitfield b = new Bitfield(n);
        for (int i = 0; i < n; i++) {
            b.set(i);
        }
        return b;
    }

    private static Bitfield of(int n, int... pieces) {
        Bitfield b = new Bitfield(n);
        for (int p : pieces) {
            b.set(p);
        }
        return b;
    }

    @Test
    void inOrderRequestsFirstToLastAcrossPeers() {
        PiecePicker picker = new PiecePicker(geometry(10L * PIECE), new Bitfield(10), PieceOrder.IN_ORDER);
        Object a = "a";
        Object b = "b";
        List<Block> fromA = picker.pick(a, all(10), 6);
        assertEquals(List.of(new Block(0, 0, Block.SIZE), new Block(0, Block.SIZE, Block.SIZE),
                new Block(0, 2 * Block.SIZE, Block.SIZE), new Block(0, 3 * Block.SIZE, Block.SIZE),
                new Block(1, 0, Block.SIZE), new Block(1, Block.SIZE, Block.SIZE)), fromA);
        // a second peer continues piece 1 before starting piece 2: several peers per piece
        List<Block> fromB = picker.pick(b, all(10), 3);
        assertEquals(List.of(new Block(1, 2 * Block.SIZE, Block.SIZE), new Block(1, 3 * Block.SIZE, Block.SIZE),
                new Block(2, 0, Block.SIZE)), fromB);
    }

    @Test
    void inOrderSkipsPiecesThePeerLacks() {
        PiecePicker picker = new PiecePicker(geometry(10L * PIECE), of(10, 0), PieceOrder.IN_ORDER);
        assertEquals(3, picker.pick("p", of(10, 3, 5), 1).get(0).piece());
        assertTrue(picker.pick("q", of(10, 0), 4).isEmpty());
    }

    @Test
    void lastPieceHasAShortLastBlock() {
        PiecePicker picker = new PiecePicker(geometry(PIECE + Block.SIZE + 100), new Bitfield(2), PieceOrder.IN_ORDER);
        List<Block> blocks = picker.pick("p", all(2), 10);
        assertEquals(6, blocks.size());
        assertEquals(new Block(1, Block.SIZE, 100), blocks.get(5));
    }

    @Test
    void rarestFirstPrefersTheLeastAvailablePiece() {
        PiecePicker picker = new PiecePicker(geometry(6L * PIECE), new Bitfield(6), PieceOrder.RAREST_FIRST);
        picker.peerBitfield(all(6));
        picker.peerBitfield(of(6, 0, 1, 2, 3, 5));
        picker.peerBitfield(of(6, 0, 1, 2, 3, 5));
        picker.peerHas(2);
        assertEquals(1, picker.availability(4));
        assertEquals(4, picker.availability(2));
        List<Block> blocks = picker.pick("p", all(6), 4);
        assertEquals(Set.of(4), pieces(blocks));
        List<Block> next = picker.pick("p", all(6), 4);
        assertFalse(pieces(next).contains(2), "piece 2 is the most available and is picked last");
    }

    @Test
    void priorityPiecesComeFirstWhateverTheOrder() {
        PiecePicker picker = new PiecePicker(geometry(10L * PIECE), of(10, 6), PieceOrder.RAREST_FIRST);
        picker.peerBitfield(all(10));
        picker.peerBitfield(of(10, 0, 1, 2, 3, 4, 5, 6, 7, 8));
        // piece 9 is the rarest, yet a reader waits at 5: 5, then 7 (6 is verified, 8 the peer lacks)
        picker.setPriority(new int[] {5, 6, 7, 8});
        List<Block> blocks = picker.pick("p", of(10, 5, 6, 7, 9), 8);
        assertEquals(List.of(5, 5, 5, 5, 7, 7, 7, 7), blocks.stream().map(Block::piece).toList());
        assertEquals(Set.of(9), pieces(picker.pick("p", of(10, 1, 9), 1)), "then the configured order: the rarest");
        // a priority piece already in progress is finished before the order's pieces get any block
        PiecePicker inProgress = new PiecePicker(geometry(10L * PIECE), new Bitfield(10), PieceOrder.IN_ORDER);
        inProgress.pick("a", of(10, 0, 4), 6);
        inProgress.setPriority(new int[] {4, 7});
        assertEquals(List.of(new Block(4, 2 * Block.SIZE, Block.SIZE), new Block(4, 3 * Block.SIZE, Block.SIZE)),
                inProgress.pick("b", all(10), 2));
        inProgress.setPriority(new int[0]);
        assertEquals(Set.of(1), pieces(inProgress.pick("c", all(10), 1)), "an empty list restores the order, not 7");
    }

    @Test
    void endgameDuplicatesAndCancels() {
        PiecePicker picker = new PiecePicker(geometry(2L * PIECE), of(2, 0), PieceOrder.IN_ORDER);
        Object a = "a";
        Object b = "b";
        assertEquals(4, picker.pick(a, all(2), 10).size());
        assertTrue(picker.isEndgame());
        List<Block> dup = picker.pick(b, all(2), 10);
        assertEquals(4, dup.size(), "endgame asks a second peer for the same blocks");
        assertTrue(picker.pick(b, all(2), 10).isEmpty(), "never the same block twice from one peer");

        PiecePicker.Received r = picker.received(b, dup.get(0));
        assertEquals(List.of(a), r.cancel());
        assertFalse(r.pieceComplete());
        assertNull(picker.received(a, dup.get(0)), "the loser's copy is not wanted");
        for (int i = 1; i < 4; i++) {
            r = picker.received(a, dup.get(i));
        }
        assertTrue(r.pieceComplete());
        assertEquals(Set.of(a, b), Set.copyOf(picker.senders(1).values()));
        assertEquals(b, picker.senders(1).get(dup.get(0)));
    }

    @Test
    void releasedRequestsReturnToTheQueue() {
        PiecePicker picker = new PiecePicker(geometry(3L * PIECE), new Bitfield(3), PieceOrder.IN_ORDER);
        List<Block> fromA = picker.pick("a", all(3), 5);
        picker.release("a", fromA.get(4));
        assertEquals(List.of(fromA.get(4)), picker.pick("b", all(3), 1));
        assertEquals(4, picker.releaseAll("a").size());
        assertEquals(fromA.subList(0, 4), picker.pick("c", all(3), 4), "a choked peer's requests are reassigned");
        assertNull(picker.received("a", fromA.get(0)), "data from a peer whose request was released is not wanted");
    }

    @Test
    void peerGoneReleasesRequestsAndAvailability() {
        PiecePicker picker = new PiecePicker(geometry(2L * PIECE), new Bitfield(2), PieceOrder.IN_ORDER);
        Bitfield has = all(2);
        picker.peerBitfield(has);
        picker.pick("a", has, 3);
        picker.peerGone("a", has);
        assertEquals(0, picker.availability(0));
        assertEquals(3, picker.pick("b", has, 3).size());
        assertEquals(List.of(new Block(0, 3 * Block.SIZE, Block.SIZE)), picker.pick("c", has, 1));
    }

    @Test
    void failedPieceIsDownloadedAgainAndVerifiedIsNot() {
        PiecePicker picker = new PiecePicker(geometry(2L * PIECE), new Bitfield(2), PieceOrder.IN_ORDER);
        List<Block> blocks = picker.pick("a", all(2), 8);
        blocks.forEach(b -> picker.received("a", b));
        picker.pieceVerified(1);
        picker.pieceFailed(0);
        assertTrue(picker.have(1));
        assertFalse(picker.have(0));
        List<Block> again = picker.pick("b", all(2), 8);
        assertEquals(Set.of(0), pieces(again));
        assertEquals(4, again.size());
        assertTrue(picker.isInteresting(of(2, 0)));
        assertFalse(picker.isInteresting(of(2, 1)));
    }

    @Test
    void malformedBlocksAreNotAccepted() {
        PiecePicker picker = new PiecePicker(geometry(2L * PIECE), new Bitfield(2), PieceOrder.IN_ORDER);
        picker.pick("a", all(2), 1);
        assertNull(picker.received("a", new Block(0, 5, Block.SIZE)));
        assertNull(picker.received("a", new Block(0, 0, 100)));
        assertNull(picker.received("a", new Block(1, 0, Block.SIZE)), "never requested");
        assertTrue(picker.isRequested("a", new Block(0, 0, Block.SIZE)));
        assertFalse(picker.isRequested("a", new Block(0, 9 * Block.SIZE, Block.SIZE)));
    }

    /** f0: pieces 0-1, f1: 2-3, f2: 3-4 (piece 3 shared with f1), f3: 5-7. */
    private static PieceGeometry fourFiles() {
        return new PieceGeometry(List.of(new FileEntry(List.of("f0"), 2L * PIECE, 0, ""),
                new FileEntry(List.of("f1"), 3L * PIECE / 2, 2L * PIECE, ""),
                new FileEntry(List.of("f2"), 3L * PIECE / 2, 7L * PIECE / 2, ""),
                new FileEntry(List.of("f3"), 3L * PIECE, 5L * PIECE, "")), PIECE);
    }

    /** Picks one whole piece at a time and returns the order they came in. */
    private static List<Integer> pieceOrder(PiecePicker picker, int pieces) {
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            List<Block> blocks = picker.pick("p" + i, all(8), 4);
            assertEquals(1, pieces(blocks).size(), "one piece per pick: " + blocks);
            order.add(blocks.get(0).piece());
        }
        return order;
    }

    @Test
    void filePrioritiesSkipPiecesAndPutHighFilesFirst() {
        PiecePicker picker = new PiecePicker(fourFiles(), new Bitfield(8), PieceOrder.IN_ORDER);
        picker.setFilePriorities(List.of(FilePriority.SKIP, FilePriority.SKIP, FilePriority.NORMAL,
                FilePriority.HIGH));
        assertFalse(picker.isInteresting(of(8, 0, 1, 2)), "pieces of skipped files only are not wanted");
        assertTrue(picker.isInteresting(of(8, 3)), "piece 3 holds bytes of the wanted f2 too");
        assertEquals(List.of(5, 6, 7, 3, 4), pieceOrder(picker, 5), "f3 (high) first, then f2 in order");
        assertTrue(picker.isEndgame(), "endgame once every wanted piece is in progress, skipped ones never started");
        assertEquals(Set.of(3, 4, 5, 6, 7), pieces(picker.pick("q", all(8), 40)), "duplicates of wanted pieces only");

        picker.setFilePriorities(List.of(FilePriority.NORMAL, FilePriority.NORMAL, FilePriority.NORMAL,
                FilePriority.NORMAL));
        assertFalse(picker.isEndgame());
        assertEquals(List.of(0, 1, 2), pieceOrder(picker, 3), "selected mid-download: their pieces follow");
    }

    @Test
    void aStreamWindowIsFetchedEvenInASkippedFile() {
        PiecePicker picker = new PiecePicker(fourFiles(), new Bitfield(8), PieceOrder.RAREST_FIRST);
        picker.setFilePriorities(List.of(FilePriority.SKIP, FilePriority.NORMAL, FilePriority.SKIP,
                FilePriority.SKIP));
        assertFalse(picker.wants(0));
        picker.setPriority(new int[] {0});
        assertTrue(picker.wants(0));
        assertEquals(Set.of(0), pieces(picker.pick("a", all(8), 4)));
        assertEquals(Set.of(2, 3), pieces(picker.pick("a", all(8), 8)), "then f1's pieces, rarest first");
        assertTrue(picker.isEndgame());
        assertTrue(picker.pick("a", all(8), 8).isEmpty(), "f0's second piece and f2, f3 are never started");
    }

    private static Set<Integer> pieces(List<Block> blocks) {
        Set<Integer> s = new HashSet<>();
        blocks.forEach(b -> s.add(b.piece()));
        return s;
    }
}
