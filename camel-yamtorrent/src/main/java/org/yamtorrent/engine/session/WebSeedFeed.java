package org.yamtorrent.engine.session;

import java.util.List;

import io.netty.buffer.Unpooled;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.webseed.WebSeed;
import org.yamtorrent.engine.webseed.WebSeeds;

/**
 * A run's side of its web seeds: blocks picked through the swarm's picker ({@link PiecePicker#pickRun}) and, when
 * they arrive, recorded and queued on the same {@link PieceWriter} as a peer's, under the swarm's lock, so the
 * same verification judges them and {@link BlockSenders} can blame a seed. Called on HTTP client threads and the
 * timer.
 */
final class WebSeedFeed implements WebSeeds.Feed {

    private final Swarm swarm;
    private final Requester requester;

    /** @param requester the swarm's, whose picker, writer and meter the seeds share with the peers */
    WebSeedFeed(Swarm swarm, Requester requester) {
        this.swarm = swarm;
        this.requester = requester;
    }

    @Override
    public List<Block> pick(WebSeed seed, int maxBlocks) {
        synchronized (swarm) {
            if (seed.isDropped() || requester.writer().isAboveHighWater()) {
                return List.of();
            }
            return requester.picker().pickRun(seed, maxBlocks);
        }
    }

    @Override
    public void deliver(WebSeed seed, List<Block> blocks, byte[] data) {
        PieceWriter writer = requester.writer();
        synchronized (swarm) {
            int at = 0;
            for (Block b : blocks) {
                PiecePicker.Received r = requester.picker().received(seed, b);
                if (r != null) {
                    requester.cancelOthers(r, b);
                    writer.write(b, Unpooled.wrappedBuffer(data, at, b.length()), r.pieceComplete());
                }
                at += b.length();
            }
            requester.downloaded().add(data.length);
        }
        writer.startQueued();
    }

    @Override
    public void release(WebSeed seed, List<Block> blocks) {
        synchronized (swarm) {
            for (Block b : blocks) {
                requester.picker().release(seed, b);
            }
            requester.refillAll();
        }
    }
}
