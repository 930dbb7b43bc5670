package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.PieceGeometry;
import org.yamtorrent.engine.rate.Throttle;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.WireException;

/**
 * The upload side of a swarm: who is unchoked (the {@link Choker} decides each round), the requests each peer
 * queued with us (capped), and serving them: batches of blocks read on a disk thread and written on the peer's
 * event loop, at most two batches in flight per peer so the next one is read while the last one is sent. A batch
 * is read only while the torrent's upload {@link Throttle} is out of debt; otherwise one retry is scheduled on the
 * peer's event loop for when it will be. Guarded by the owning {@link Swarm}'s lock ({@code lock}); the disk reads
 * run outside it.
 */
final class Uploader {

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
    /** The largest request we serve; larger ones are refused as the BEP suggests. */
    static final int MAX_REQUEST = 128 * 1024;
    /** Blocks read and sent together: 128 KiB, one flush. */
    static final int UPLOAD_BATCH = 8;
    static final int UPLOAD_BATCHES_PER_PEER = 2;

    private final Object lock;
    private final String name;
    private final SessionConfig config;
    private final Executor disk;
    private final RateMeter uploaded;
    private final Choker choker;
    private final Throttle throttle;
    private PieceGeometry geometry;
    private PieceStore store;
    /** Which pieces we can serve: verified ones. */
    private IntPredicate have = i -> false;
    private PeerConnection optimistic;
    private long lastOptimisticNanos;

    Uploader(Object lock, String name, SessionConfig config, Executor disk, RateMeter uploaded, Choker choker,
            Throttle throttle) {
        this.lock = lock;
        this.name = name;
        this.config = config;
        this.disk = disk;
        this.uploaded = uploaded;
        this.choker = choker;
        this.throttle = throttle;
    }

    /** The torrent's pieces are known and its store open: requests can be served from now on. */
    void attach(PieceGeometry geometry, PieceStore store, IntPredicate have) {
        this.geometry = geometry;
        this.store = store;
        this.have = have;
    }

    /** The peer wants to download: while a slot is free and we have pieces it is unchoked at once. */
    void interested(PeerConnection p, boolean serving, List<PeerConnection> peers) {
        p.peerInterested = true;
        if (serving && p.amChoking && unchoked(peers) < config.uploadSlots() + 1) {
            unchoke(p);
        }
    }

    private static int unchoked(List<PeerConnection> peers) {
        int n = 0;
        for (PeerConnection p : peers) {
            if (!p.amChoking) {
                n++;
            }
        }
        return n;
    }

    void notInterested(PeerConnection p) {
        p.peerInterested = false;
        if (!p.amChoking) {
            choke(p);
        }
    }

    void peerGone(PeerConnection p) {
        if (optimistic == p) {
            optimistic = null;
        }
    }

    void request(PeerConnection p, PeerMessage.Request r) {
        String bad = invalid(r);
        if (bad != null || p.amChoking || p.uploadQueue.size() >= config.maxQueuedUploadRequests()) {
            if (bad != null) {
                LOG.debug("{}: dropping request from {}: {}", name, p, bad);
                if (++p.badRequests > Swarm.MAX_BAD_MESSAGES) {
                    throw new WireException("sent " + p.badRequests + " invalid requests, the last: " + bad);
                }
            }
            if (p.fast) {
                p.send(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
            return;
        }
        p.uploadQueue.add(r);
        serve(p);
    }

    void cancel(PeerConnection p, PeerMessage.Cancel c) {
        p.uploadQueue.remove(new PeerMessage.Request(c.index(), c.begin(), c.length()));
    }

    /** Why we cannot serve {@code r}, or null when we can. */
    String invalid(PeerMessage.Request r) {
        if (geometry == null) {
            return "the torrent's pieces are not known here yet";
        }
        if (r.index() < 0 || r.index() >= geometry.pieceCount()) {
            return "piece " + r.index() + " out of range";
        }
        if (r.length() <= 0 || r.length() > MAX_REQUEST) {
            return "length " + r.length() + " outside 1.." + MAX_REQUEST;
        }
        if (r.begin() < 0 || (long) r.begin() + r.length() > geometry.pieceSize(r.index())) {
            return "block " + r.begin() + "+" + r.length() + " outside piece " + r.index();
        }
        if (!have.test(r.index())) {
            return "piece " + r.index() + " not verified here";
        }
        return null;
    }

    /** Starts disk reads for queued requests while the socket can take more. */
    void serve(PeerConnection p) {
        while (!p.closed && !p.amChoking && p.uploadsInFlight < UPLOAD_BATCHES_PER_PEER && p.channel.isWritable()
                && !p.uploadQueue.isEmpty() && !waitingForBandwidth(p)) {
            PeerMessage.Request[] batch = new PeerMessage.Request[Math.min(UPLOAD_BATCH, p.uploadQueue.size())];
            long bytes = 0;
            for (int i = 0; i < batch.length; i++) {
                batch[i] = p.uploadQueue.poll();
                bytes += batch[i].length();
            }
            throttle.take(bytes);
            p.uploadsInFlight++;
            PieceStore from = store;
            disk.execute(() -> readAndSend(p, from, batch));
        }
    }

    /** True while the upload limit is in debt; a retry of {@link #serve} is then scheduled (once per peer). */
    private boolean waitingForBandwidth(PeerConnection p) {
        if (p.uploadWakePending) {
            return true;
        }
        long wait = throttle.waitNanos();
        if (wait == 0) {
            return false;
        }
        p.uploadWakePending = true;
        try {
            p.channel.eventLoop().schedule(() -> {
                synchronized (lock) {
                    p.uploadWakePending = false;
                    serve(p);
                }
            }, wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // the session is closing; so is this peer
        }
        return true;
    }

    /** On a disk thread, outside the lock: reads the batch, then hands it to the peer's write path. */
    private void readAndSend(PeerConnection p, PieceStore from, PeerMessage.Request[] batch) {
        PeerMessage.Piece[] pieces = new PeerMessage.Piece[batch.length];
        long bytes = 0;
        try {
            for (int i = 0; i < batch.length; i++) {
                PeerMessage.Request r = batch[i];
                ByteBuf buf = p.channel.alloc().directBuffer(r.length());
                pieces[i] = new PeerMessage.Piece(r.index(), r.begin(), buf);
                from.readBlock(r.index(), r.begin(), buf.nioBuffer(0, r.length()));
                buf.writerIndex(r.length());
                bytes += r.length();
            }
        } catch (RuntimeException e) {
            for (PeerMessage.Piece piece : pieces) {
                if (piece != null) {
                    piece.release();
                }
            }
            LOG.warn("{}: cannot read block for {}: {}", name, p, e.getMessage());
            done(p);
            return;
        }
        long sent = bytes;
        p.sendBlocks(pieces, ok -> {
            if (ok) {
                p.uploaded.add(sent);
                uploaded.add(sent);
            }
            done(p);
        });
    }

    private void done(PeerConnection p) {
        synchronized (lock) {
            p.uploadsInFlight--;
            serve(p);
        }
    }

    void unchoke(PeerConnection p) {
        p.amChoking = false;
        p.send(Signal.UNCHOKE);
    }

    void choke(PeerConnection p) {
        p.amChoking = true;
        List<Object> out = new ArrayList<>();
        if (p.fast) {
            for (PeerMessage.Request r : p.uploadQueue) {
                out.add(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
        }
        p.uploadQueue.clear();
        out.add(Signal.CHOKE);
        p.send(out);
    }

    /** A choke round: the best uploaders (or, seeding, the best takers) plus one optimistic peer are unchoked. */
    void rechoke(List<PeerConnection> peers, boolean seeding, long now) {
        if (optimistic == null || optimistic.closed
                || now - lastOptimisticNanos >= config.optimisticUnchokeInterval().toNanos()) {
            optimistic = null;
            lastOptimisticNanos = now;
        }
        List<PeerConnection> interested = new ArrayList<>();
        for (PeerConnection p : peers) {
            if (p.peerInterested) {
                interested.add(p);
            }
        }
        Set<PeerConnection> chosen = choker.unchoke(interested,
                p -> seeding ? p.uploaded.rate() : p.downloaded.rate(), optimistic);
        if (optimistic == null && chosen.size() > config.uploadSlots()) {
            optimistic = chosen.stream().skip(config.uploadSlots()).findFirst().orElse(null);
        }
        for (PeerConnection p : peers) {
            boolean should = chosen.contains(p);
            if (should && p.amChoking) {
                unchoke(p);
            } else if (!should && !p.amChoking) {
                choke(p);
            }
        }
    }
}
