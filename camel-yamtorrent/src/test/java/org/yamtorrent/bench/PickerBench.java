package org.yamtorrent.bench;

import java.util.List;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.PieceGeometry;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.PieceOrder;
import org.yamtorrent.engine.picker.PiecePicker;

/**
 * Request selection for one peer that has every piece of a 4 GiB torrent (4096 pieces of 1 MiB), half of which
 * we have: a refill of {@link #BATCH} requests, then their arrival, as the session does per block. A piece whose
 * blocks all arrived is failed instead of verified, so the picker stays in the same state for every iteration.
 * One operation is one block.
 */
public class PickerBench extends BlockBench {

    private static final int PIECES = 4096;
    private static final int PIECE_LENGTH = 1 << 20;
    private static final int BATCH = 32;

    @Param({"IN_ORDER", "RAREST_FIRST"})
    public PieceOrder order;

    private final Object peer = new Object();
    private Bitfield peerHas;
    private PiecePicker picker;

    @Setup
    public void setUp() {
        Bitfield have = new Bitfield(PIECES);
        peerHas = new Bitfield(PIECES);
        for (int i = 0; i < PIECES; i++) {
            peerHas.set(i);
            if (i % 2 == 0) {
                have.set(i);
            }
        }
        picker = new PiecePicker(new PieceGeometry(
                List.of(new FileEntry(List.of("t"), (long) PIECES * PIECE_LENGTH, 0, "")), PIECE_LENGTH), have, order);
        picker.peerBitfield(peerHas);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pickAndReceive(Blackhole bh) {
        List<Block> blocks = picker.pick(peer, peerHas, BATCH);
        for (Block b : blocks) {
            PiecePicker.Received r = picker.received(peer, b);
            bh.consume(r);
            if (r.pieceComplete()) {
                picker.pieceFailed(b.piece());
            }
        }
    }
}
