package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.ReadGate;
import org.yamtorrent.engine.wire.WireException;

/**
 * The download side of a swarm: our interest, the requests outstanding at each peer (a pipeline deep enough for
 * the peer's rate), the blocks that come back and go to the disk, endgame cancels, and the peers whose reading is
 * paused while the disk catches up. Guarded by the owning {@link Swarm}'s lock.
 */
final class Requester {

    private static final Logger LOG = LoggerFactory.getLogger(Requester.class);
    static final int MIN_PIPELINE = 16;
    /** 16 MiB outstanding: 320 MiB/s at a 50 ms round trip. */
    static final int MAX_PIPELINE = 1000;
    /** Seconds of the peer's rate to keep requested: enough to cover latency and the peer's disk. */
    private static final double PIPELINE_SECONDS = 1.5;
    /**
     * Seconds of slow start: each block that arrives adds a request (the depth doubles every round trip, as TCP's
     * window does), since the rate the depth follows afterwards is measured only once a second and, over a 50 ms
     * round trip, a start at 32 requests would hold the whole first second to 10 MiB/s.
     */
    static final int SLOW_START_TICKS = 3;
    private static final int MAX_BAD_MESSAGES = Swarm.MAX_BAD_MESSAGES;

    private final String name;
    private final PiecePicker picker;
    private final PieceWriter writer;
    private final RateMeter downloaded;
    private final List<PeerConnection> peers;
    private final Set<PeerConnection> throttled = new HashSet<>();
    /** Set when the swarm closes: no more requests go out. */
    private boolean stopped;

    /**
     * @param peers      the swarm's peer list, read under the same lock
     * @param downloaded the torrent's meter
     */
    Requester(String name, PiecePicker picker, PieceWriter writer, RateMeter downloaded, List<PeerConnection> peers) {
        this.name = name;
        this.picker = picker;
        this.writer = writer;
        this.downloaded = downloaded;
        this.peers = peers;
    }

    PiecePicker picker() {
        return picker;
    }

    /** The requests to keep outstanding at a peer sending {@code bytesPerSecond}. */
    static int pipelineDepth(double bytesPerSecond) {
        return (int) Math.max(MIN_PIPELINE, Math.min(MAX_PIPELINE, bytesPerSecond * PIPELINE_SECONDS / Block.SIZE));
    }

    /** How many requests to add at {@code p} now: none while a top-up would be too small to be worth a write. */
    static int wanted(PeerConnection p) {
        int target = Math.min(p.snubbed ? 1 : p.maxInflight, p.peerRequestLimit);
        int want = target - p.inflight.size();
        return want <= 0 || want < target / 8 && !p.inflight.isEmpty() ? 0 : want;
    }

    void peerJoined(PeerConnection p) {
        picker.peerBitfield(p.has);
        setInterested(p, picker.isInteresting(p.has));
        refill(p);
    }

    void peerGone(PeerConnection p) {
        picker.peerGone(p, p.has);
        throttled.remove(p);
        refillAll();
    }

    void bitfield(PeerConnection p, org.yamtorrent.engine.Bitfield b) {
        picker.peerBitfieldRemoved(p.has);
        p.has = b;
        picker.peerBitfield(b);
        setInterested(p, picker.isInteresting(b));
        refill(p);
    }

    void have(PeerConnection p, int index) {
        picker.peerHas(index);
        if (!p.amInterested && picker.wants(index)) {
            setInterested(p, true);
        }
        refill(p);
    }

    void choked(PeerConnection p) {
        p.peerChoking = true;
        // BEP 3: a choke drops every pending request; they go back to the queue for other peers.
        releaseInflight(p);
    }

    void unchoked(PeerConnection p) {
        p.peerChoking = false;
        refill(p);
    }

    void rejected(PeerConnection p, Block b) {
        if (p.inflight.remove(b)) {
            picker.release(p, b);
            refillAll();
        }
    }

    /** A block arrived: handed to the disk when we asked for it; reading {@code p} pauses while the disk is behind. */
    void received(PeerConnection p, PeerMessage.Piece piece) {
        Block b = new Block(piece.index(), piece.begin(), piece.length());
        if (!p.inflight.remove(b)) {
            // Not (or no longer) requested: an endgame loser, a block released after a choke, or a hostile peer.
            piece.release();
            if (++p.unrequested > MAX_BAD_MESSAGES && p.unrequested > p.blocksReceived) {
                throw new WireException("sent " + p.unrequested + " blocks we never requested");
            }
            return;
        }
        p.lastBlockNanos = System.nanoTime();
        p.snubbed = false;
        p.blocksReceived++;
        if (p.slowStartTicks < SLOW_START_TICKS && p.maxInflight < MAX_PIPELINE) {
            p.maxInflight++;
        }
        p.downloaded.add(b.length());
        downloaded.add(b.length());
        PiecePicker.Received r = picker.received(p, b);
        if (r == null) {
            piece.release();
        } else {
            cancelOthers(r, b);
            if (writer.write(b, piece.content(), r.pieceComplete())) {
                p.reads.pause(ReadGate.Reason.DISK);
                throttled.add(p);
            }
        }
        refill(p);
    }

    /** Endgame: the peers {@code b} was also asked of get a cancel; a web seed's copy is simply dropped on arrival. */
    void cancelOthers(PiecePicker.Received r, Block b) {
        for (Object other : r.cancel()) {
            if (other instanceof PeerConnection p && p.inflight.remove(b)) {
                p.send(new PeerMessage.Cancel(b.piece(), b.offset(), b.length()));
            }
        }
    }

    PieceWriter writer() {
        return writer;
    }

    RateMeter downloaded() {
        return downloaded;
    }

    /** Tops up the peer's outstanding requests to its pipeline depth. */
    void refill(PeerConnection p) {
        if (stopped || p.closed || p.peerChoking || !p.amInterested) {
            return;
        }
        int want = wanted(p);
        if (want == 0) {
            return;
        }
        List<Block> blocks = picker.pick(p, p.has, want);
        if (blocks.isEmpty()) {
            if (p.inflight.isEmpty() && !picker.isInteresting(p.has)) {
                setInterested(p, false);
            }
            return;
        }
        List<PeerMessage.Request> requests = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            p.inflight.add(b);
            requests.add(new PeerMessage.Request(b.piece(), b.offset(), b.length()));
        }
        p.sendRequests(requests);
    }

    /** Which pieces are wanted changed: interest in each peer follows, and the interesting ones get requests. */
    void interestChanged() {
        for (PeerConnection p : peers) {
            if (!p.closed) {
                setInterested(p, picker.isInteresting(p.has));
                refill(p);
            }
        }
    }

    void stop() {
        stopped = true;
    }

    void refillAll() {
        for (PeerConnection p : peers) {
            refill(p);
        }
    }

    private void releaseInflight(PeerConnection p) {
        for (Block b : p.inflight) {
            picker.release(p, b);
        }
        p.inflight.clear();
        refillAll();
    }

    private void setInterested(PeerConnection p, boolean interested) {
        if (p.amInterested != interested) {
            p.amInterested = interested;
            p.send(interested ? Signal.INTERESTED : Signal.NOT_INTERESTED);
        }
    }

    /**
     * Once a second: pipeline depths follow the rates (never below the slow start's in its first seconds), snubbing
     * peers give their requests to others.
     */
    void tick(PeerConnection p, long now, long snubNanos) {
        int byRate = pipelineDepth(p.downloaded.rate());
        boolean slowStart = p.slowStartTicks < SLOW_START_TICKS;
        p.maxInflight = slowStart ? Math.max(byRate, p.maxInflight) : byRate;
        if (slowStart && p.blocksReceived > 0) {
            p.slowStartTicks++;
        }
        if (!p.inflight.isEmpty() && now - p.lastBlockNanos > snubNanos && !p.snubbed) {
            LOG.debug("{}: {} snubbed us; its {} requests go to others", name, p, p.inflight.size());
            p.snubbed = true;
            releaseInflight(p);
        }
        if (p.amInterested && p.inflight.isEmpty() && !picker.isInteresting(p.has)) {
            setInterested(p, false);
        }
    }

    /** A peer's read burst ended: the disk starts on the blocks it delivered. */
    void readComplete() {
        writer.startQueued();
    }

    /** The disk wrote enough of the backlog: let throttled peers send again. */
    void resumeReading() {
        if (writer.isAboveHighWater()) {
            return;
        }
        for (PeerConnection p : throttled) {
            p.reads.resume(ReadGate.Reason.DISK);
        }
        throttled.clear();
    }
}
