package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.PieceOrder;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.wire.MessageId;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/** The download side on its own: pipeline depth, top-ups, endgame cancels, and blocks nobody asked for. */
@Timeout(30)
class RequesterTest {

    private static final int PIECE = 2 * Block.SIZE;

    @TempDir
    Path tmp;

    private final byte[] payload = TestTorrents.randomBytes(2 * PIECE, 11);
    private final Metainfo m = TestTorrents.singleFile("r.bin", payload, PIECE);
    private final List<Integer> verified = Collections.synchronizedList(new ArrayList<>());
    private final List<PeerConnection> peers = new ArrayList<>();
    private ExecutorService disk;
    private PieceStore store;
    private Requester requester;

    @BeforeEach
    void setUp() {
        disk = Executors.newSingleThreadExecutor();
        store = PieceStore.open(m, tmp, null);
        PieceWriter writer = new PieceWriter(m, store, disk, 1 << 20, new PieceWriter.Callback() {
            @Override
            public void verified(int piece) {
                verified.add(piece);
            }

            @Override
            public void failed(int piece) {
            }

            @Override
            public void diskError(RuntimeException e) {
            }

            @Override
            public void drained() {
            }
        });
        requester = new Requester("t", new PiecePicker(m.geometry(), store.bitfield(), PieceOrder.IN_ORDER), writer,
                new RateMeter(), peers);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        disk.shutdown();
        disk.awaitTermination(10, TimeUnit.SECONDS);
        store.close();
    }

    private PeerConnection seed(int port) {
        PeerConnection p = TestPeers.peer(port);
        p.has = new Bitfield(m.pieceCount());
        for (int i = 0; i < m.pieceCount(); i++) {
            p.has.set(i);
        }
        peers.add(p);
        requester.peerJoined(p);
        return p;
    }

    private PeerMessage.Piece block(Block b) {
        return new PeerMessage.Piece(b.piece(), b.offset(),
                Unpooled.copiedBuffer(payload, b.piece() * PIECE + b.offset(), b.length()));
    }

    @Test
    void pipelineDepthFollowsThePeersRate() {
        assertEquals(Requester.MIN_PIPELINE, Requester.pipelineDepth(0));
        assertEquals(144, Requester.pipelineDepth(1.5 * 1024 * 1024), "1.5 s of 1.5 MiB/s in 16 KiB blocks");
        assertEquals(Requester.MAX_PIPELINE, Requester.pipelineDepth(1e12));
    }

    @Test
    void slowStartAddsARequestPerBlockThenTheRateDecides() {
        PeerConnection p = seed(1);
        requester.unchoked(p);
        int start = p.maxInflight;
        Block first = p.inflight.iterator().next();
        requester.received(p, block(first));
        assertEquals(start + 1, p.maxInflight, "each block that arrives in slow start deepens the pipeline by one");
        long now = System.nanoTime();
        for (int i = 0; i < Requester.SLOW_START_TICKS; i++) {
            requester.tick(p, now, Long.MAX_VALUE);
            assertEquals(start + 1, p.maxInflight, "a slow rate does not cut the pipeline during slow start");
        }
        requester.tick(p, now, Long.MAX_VALUE);
        assertEquals(Requester.pipelineDepth(p.downloaded.rate()), p.maxInflight, "after slow start the rate decides");
    }

    @Test
    void topUpsRespectTheReqqAndSkipTinyOnes() {
        PeerConnection p = TestPeers.peer(1);
        p.maxInflight = 100;
        assertEquals(100, Requester.wanted(p));
        p.peerRequestLimit = 10;
        assertEquals(10, Requester.wanted(p), "never more than the peer's reqq");
        p.peerRequestLimit = Integer.MAX_VALUE;
        for (int i = 0; i < 95; i++) {
            p.inflight.add(new Block(i, 0, Block.SIZE));
        }
        assertEquals(0, Requester.wanted(p), "5 of 100 is not worth a write yet");
        p.inflight.clear();
        p.snubbed = true;
        assertEquals(1, Requester.wanted(p), "a snubbing peer gets one request at a time");
    }

    @Test
    void endgameAsksTwiceAndCancelsTheLoser() throws Exception {
        PeerConnection a = seed(1);
        requester.unchoked(a);
        assertEquals(List.of(MessageId.INTERESTED, MessageId.REQUEST, MessageId.REQUEST, MessageId.REQUEST,
                MessageId.REQUEST), TestPeers.sent(a), "every block of both pieces from the first peer");
        PeerConnection b = seed(2);
        requester.unchoked(b);
        List<Integer> toB = TestPeers.sent(b);
        assertEquals(MessageId.INTERESTED, toB.get(0));
        int duplicates = toB.size() - 1;
        assertTrue(duplicates > 0 && toB.subList(1, toB.size()).stream().allMatch(id -> id == MessageId.REQUEST),
                "endgame: blocks already asked of the first peer go to the second too: " + toB);
        for (Block blk : new ArrayList<>(a.inflight)) {
            requester.received(a, block(blk));
        }
        requester.readComplete();
        List<Integer> cancels = TestPeers.sent(b);
        assertEquals(Collections.nCopies(duplicates, MessageId.CANCEL), cancels.subList(0, duplicates));
        assertTrue(b.inflight.isEmpty(), "nothing left outstanding at the loser");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (verified.size() < 2 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(List.of(0, 1), verified.stream().sorted().toList());
    }

    @Test
    void aChokeGivesTheRequestsBackAndUnaskedBlocksAreCounted() {
        PeerConnection a = seed(1);
        requester.unchoked(a);
        assertEquals(4, a.inflight.size());
        requester.choked(a);
        assertTrue(a.inflight.isEmpty(), "BEP 3: a choke drops our requests");
        PeerConnection b = seed(2);
        requester.unchoked(b);
        assertEquals(4, b.inflight.size(), "the released blocks went to the next peer");
        Block stale = new Block(0, 0, Block.SIZE);
        for (int i = 0; i < Swarm.MAX_BAD_MESSAGES; i++) {
            requester.received(a, block(stale)); // an endgame loser's late copy, or a hostile peer
        }
        assertThrows(WireException.class, () -> requester.received(a, block(stale)));
    }
}
