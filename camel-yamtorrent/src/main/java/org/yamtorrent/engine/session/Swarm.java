package org.yamtorrent.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.extension.ExtensionHandshake;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.wire.MessageEncoder;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.WireException;

/**
 * The peers of one torrent: who is connected, what they have, what we asked of them and they of us, and who is
 * unchoked. Every method runs under the swarm's lock; network writes are queued to Netty and never block.
 */
final class Swarm {

    private static final Logger LOG = LoggerFactory.getLogger(Swarm.class);
    /** The largest request we serve; larger ones are refused as the BEP suggests. */
    static final int MAX_REQUEST = 128 * 1024;
    private static final int MAX_PIPELINE = 500;
    private static final int MIN_PIPELINE = 16;
    /** Seconds of the peer's rate to keep requested: enough to cover latency and the peer's disk. */
    private static final double PIPELINE_SECONDS = 1.5;
    /** Blocks read and sent together: 128 KiB, one flush. */
    private static final int UPLOAD_BATCH = 8;
    private static final int UPLOAD_BATCHES_PER_PEER = 2;
    private static final int MAX_BAD_MESSAGES = 64;

    private final TorrentHandle torrent;
    private final Session session;
    private final Metainfo metainfo;
    private final PiecePicker picker;
    private final SessionConfig config;
    private final List<PeerConnection> peers = new ArrayList<>();
    private final Map<InetSocketAddress, Candidate> candidates = new LinkedHashMap<>();
    private final Map<Object, Integer> strikes = new HashMap<>();
    private final Set<Object> banned = new HashSet<>();
    private final Set<PeerConnection> throttled = new HashSet<>();
    private final BlockSenders senders = new BlockSenders();
    private final Choker choker;
    /** Non-null when the torrent was added with {@link TorrentOptions#superSeed}; acts only while we are a seed. */
    private final SuperSeed superSeed;
    private PeerConnection optimistic;
    private long lastOptimisticNanos;
    private long lastChokeNanos;
    private int connecting;
    private boolean open = true;

    Swarm(TorrentHandle torrent, Session session, PiecePicker picker) {
        this.torrent = torrent;
        this.session = session;
        this.metainfo = torrent.metainfo();
        this.picker = picker;
        this.config = session.config();
        this.choker = new Choker(config.uploadSlots(), new Random());
        this.superSeed = torrent.options().superSeed() ? new SuperSeed(metainfo.pieceCount()) : null;
    }

    // ---- connections ----

    synchronized void addCandidates(List<InetSocketAddress> addresses) {
        for (InetSocketAddress a : addresses) {
            if (!session.isSelf(a)) {
                candidates.putIfAbsent(a, new Candidate());
            }
        }
        if (open && peers.isEmpty()) {
            // Without any peer, dial now rather than at the next tick: up to a second between a dropped .torrent
            // and its first byte. With peers, the tick's pace gives a peer that dialled us time to name its port.
            connectMore();
        }
    }

    /** Accepts a handshaken peer; returns false (caller closes) when it must not join. */
    synchronized boolean attach(PeerConnection p) {
        String why = refusal(p);
        if (why != null) {
            LOG.debug("{}: refusing {}: {}", metainfo.name(), p, why);
            return false;
        }
        peers.add(p);
        Candidate c = candidates.get(p.address);
        if (c != null) {
            c.failures = 0;
            c.nextAttemptNanos = 0;
        }
        sendHaves(p);
        if (p.extensions) {
            p.channel.write(ExtensionHandshake.ours(torrent.extensions(), session.listenPort()));
        }
        p.channel.flush();
        LOG.debug("{}: peer {} joined ({} peers)", metainfo.name(), p, peers.size());
        return true;
    }

    /** Why {@code p} must not join, or null; learns where a peer we already have listens when we dialled it again. */
    private String refusal(PeerConnection p) {
        if (!open) {
            return "torrent not active";
        }
        if (Arrays.equals(p.peerId, session.peerId())) {
            return "it is ourselves";
        }
        if (banned.contains(banKey(p)) || banned.contains(new PeerIdKey(p.peerId))) {
            return "banned";
        }
        if (peers.size() >= config.maxConnectionsPerTorrent()) {
            return "per-torrent connection limit " + config.maxConnectionsPerTorrent();
        }
        for (PeerConnection q : peers) {
            if (Arrays.equals(q.peerId, p.peerId)) {
                if (!p.incoming) {
                    // we dialled a peer that had dialled us: now we know where it listens, so no more dialling
                    q.listenAddress = p.address;
                }
                return "already connected";
            }
        }
        return null;
    }

    private void sendHaves(PeerConnection p) {
        Bitfield have = torrent.verified();
        if (superSeeding()) {
            // BEP 16: we look like a peer with nothing, then reveal pieces one at a time
            if (p.fast) {
                p.channel.write(Signal.HAVE_NONE);
            }
            offer(p);
        } else if (p.fast && have.isComplete()) {
            p.channel.write(Signal.HAVE_ALL);
        } else if (p.fast && have.cardinality() == 0) {
            p.channel.write(Signal.HAVE_NONE);
        } else if (have.cardinality() > 0) {
            p.channel.write(PeerMessage.Bitfield.of(have));
        }
    }

    synchronized void detach(PeerConnection p) {
        if (p.closed) {
            return;
        }
        p.closed = true;
        if (peers.remove(p)) {
            picker.peerGone(p, p.has);
            throttled.remove(p);
            if (superSeed != null) {
                superSeed.gone(p);
            }
            if (optimistic == p) {
                optimistic = null;
            }
            LOG.debug("{}: peer {} left ({} peers)", metainfo.name(), p, peers.size());
            refillAll();
        }
    }

    synchronized int peerCount() {
        return peers.size();
    }

    /** Opens connections to known peers up to the limits; failed addresses back off. */
    private void connectMore() {
        long now = System.nanoTime();
        Set<InetSocketAddress> connected = new HashSet<>();
        peers.forEach(p -> connected.add(p.listenAddress != null ? p.listenAddress : p.address));
        for (Map.Entry<InetSocketAddress, Candidate> e : candidates.entrySet()) {
            if (peers.size() + connecting >= config.maxConnectionsPerTorrent() || !session.mayConnect()) {
                return;
            }
            InetSocketAddress a = e.getKey();
            Candidate c = e.getValue();
            if (c.connecting || now < c.nextAttemptNanos || connected.contains(a) || banned.contains(a)
                    || banned.contains(a.getAddress())) {
                continue;
            }
            c.connecting = true;
            connecting++;
            session.connect(a, torrent).addListener(f -> connectDone(c));
        }
    }

    private synchronized void connectDone(Candidate c) {
        c.connecting = false;
        connecting--;
        // A dial counts as failed until the peer joins (attach clears this), so one that accepts but never
        // completes a handshake, answers for another torrent or turns out to be ourselves is not redialled each tick.
        c.failures++;
        c.nextAttemptNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(300, 5L << Math.min(c.failures, 6)));
    }

    // ---- messages from a peer ----

    synchronized void onMessage(PeerConnection p, PeerMessage m) {
        if (p.closed || !open) {
            io.netty.util.ReferenceCountUtil.release(m);
            return;
        }
        if (m instanceof Signal s) {
            onSignal(p, s);
        } else if (m instanceof PeerMessage.Have h) {
            onHave(p, h.index());
        } else if (m instanceof PeerMessage.Bitfield b) {
            onBitfield(p, b.toBitfield(metainfo.pieceCount()));
        } else if (m instanceof PeerMessage.Request r) {
            onRequest(p, r);
        } else if (m instanceof PeerMessage.Piece piece) {
            onPiece(p, piece);
        } else if (m instanceof PeerMessage.Cancel c) {
            p.uploadQueue.remove(new PeerMessage.Request(c.index(), c.begin(), c.length()));
        } else if (m instanceof PeerMessage.RejectRequest r) {
            onReject(p, new Block(r.index(), r.begin(), r.length()));
        } else if (m instanceof PeerMessage.Unknown u && ++p.unknownMessages > MAX_BAD_MESSAGES) {
            // Nothing negotiates a new id outside the extension protocol: a few are a peer's bug, a stream is abuse.
            throw new WireException("sent " + p.unknownMessages + " messages with unknown ids, the last " + u.id());
        }
        // port (DHT), suggest and allowed-fast carry nothing we act on
    }

    private void onSignal(PeerConnection p, Signal s) {
        switch (s) {
            case CHOKE -> {
                p.peerChoking = true;
                // BEP 3: a choke drops every pending request; they go back to the queue for other peers.
                releaseInflight(p);
            }
            case UNCHOKE -> {
                p.peerChoking = false;
                refill(p);
            }
            case INTERESTED -> {
                p.peerInterested = true;
                if (p.amChoking && unchokedCount() < config.uploadSlots() + 1) {
                    unchoke(p);
                }
            }
            case NOT_INTERESTED -> {
                p.peerInterested = false;
                if (!p.amChoking) {
                    choke(p);
                }
            }
            case HAVE_ALL, HAVE_NONE -> {
                if (!p.fast) {
                    throw new WireException(s + " from a peer that did not negotiate the fast extension");
                }
                Bitfield b = new Bitfield(metainfo.pieceCount());
                if (s == Signal.HAVE_ALL) {
                    for (int i = 0; i < b.size(); i++) {
                        b.set(i);
                    }
                }
                onBitfield(p, b);
            }
            case KEEP_ALIVE -> {
                // The read itself reset the idle timer. BEP 3 suggests one every two minutes; a flood only burns CPU.
                if (++p.keepAlives > MAX_BAD_MESSAGES) {
                    throw new WireException("sent " + p.keepAlives + " keep-alives within a second");
                }
            }
        }
    }

    private void onHave(PeerConnection p, int index) {
        if (index < 0 || index >= metainfo.pieceCount()) {
            throw new WireException("have " + index + " is outside 0.." + (metainfo.pieceCount() - 1));
        }
        if (p.has.set(index)) {
            picker.peerHas(index);
            if (!p.amInterested && !picker.have(index)) {
                setInterested(p, true);
            }
            closeIfBothSeeds(p);
            refill(p);
            if (superSeeding()) {
                for (PeerConnection q : superSeed.seen(p, index)) {
                    offer(q);
                }
            }
        }
    }

    private boolean superSeeding() {
        return superSeed != null && torrent.verified().isComplete();
    }

    /** Tells {@code p} about the next piece we super-seed to it. */
    private void offer(PeerConnection p) {
        int piece = superSeed.next(p, picker, System.nanoTime());
        if (piece >= 0) {
            LOG.debug("{}: super-seeding piece {} to {}", metainfo.name(), piece, p);
            p.send(new PeerMessage.Have(piece));
            return;
        }
        List<Integer> rest = superSeed.unrevealed(p);
        LOG.debug("{}: {} seems to lack nothing else; revealing the {} pieces it was not told of", metainfo.name(), p,
                rest.size());
        for (int i : rest) {
            p.send(new PeerMessage.Have(i));
        }
    }

    private void onBitfield(PeerConnection p, Bitfield b) {
        picker.peerBitfieldRemoved(p.has);
        p.has = b;
        picker.peerBitfield(b);
        setInterested(p, picker.isInteresting(b));
        closeIfBothSeeds(p);
        refill(p);
    }

    private void closeIfBothSeeds(PeerConnection p) {
        if (p.has.isComplete() && torrent.verified().isComplete()) {
            LOG.debug("{}: {} and we are both seeds; disconnecting", metainfo.name(), p);
            p.channel.close();
        }
    }

    /** The parts of a peer's extension handshake that the swarm uses; the extensions get the rest. */
    synchronized void onExtensionHandshake(PeerConnection p, ExtensionHandshake.Theirs h) {
        if (h.reqq() > 0) {
            p.peerRequestLimit = h.reqq();
        }
        if (h.port() > 0 && p.incoming) {
            p.listenAddress = new InetSocketAddress(p.address.getAddress(), h.port());
        }
    }

    private void onReject(PeerConnection p, Block b) {
        if (p.inflight.remove(b)) {
            picker.release(p, b);
            refillAll();
        }
    }

    // ---- downloading ----

    private void onPiece(PeerConnection p, PeerMessage.Piece piece) {
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
        p.downloaded.add(b.length());
        torrent.downloadedMeter().add(b.length());
        PiecePicker.Received r = picker.received(p, b);
        if (r == null) {
            piece.release();
        } else {
            for (Object other : r.cancel()) {
                cancel((PeerConnection) other, b);
            }
            if (torrent.writer().write(b, piece.content(), r.pieceComplete())) {
                p.channel.config().setAutoRead(false);
                throttled.add(p);
            }
        }
        refill(p);
    }

    private void cancel(PeerConnection other, Block b) {
        if (other.inflight.remove(b)) {
            other.channel.writeAndFlush(new PeerMessage.Cancel(b.piece(), b.offset(), b.length()));
        }
    }

    /** Tops up the peer's outstanding requests to its pipeline depth. */
    private void refill(PeerConnection p) {
        if (p.closed || p.peerChoking || !p.amInterested || !open) {
            return;
        }
        int target = Math.min(p.snubbed ? 1 : p.maxInflight, p.peerRequestLimit);
        int want = target - p.inflight.size();
        if (want <= 0 || want < target / 8 && !p.inflight.isEmpty()) {
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
        // one buffer, one write and one flush for the whole batch instead of a buffer and a promise per request
        MessageEncoder.writeBatch(p.channel, requests);
    }

    private void refillAll() {
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

    /** Readers wait for these pieces: ask for them first (see {@link PiecePicker#setPriority}). */
    synchronized void setPriority(int[] pieces) {
        picker.setPriority(pieces);
        refillAll();
    }

    /** A peer's read burst ended: the disk starts on the blocks it delivered. */
    void readComplete() {
        PieceWriter w = torrent.writer();
        if (w != null) {
            w.startQueued();
        }
    }

    /** The disk wrote enough of the backlog: let throttled peers send again. */
    synchronized void resumeReading() {
        if (torrent.writer().isAboveHighWater()) {
            return;
        }
        for (PeerConnection p : throttled) {
            p.channel.config().setAutoRead(true);
        }
        throttled.clear();
    }

    /** A piece verified; if an earlier copy failed with several senders, the good one tells who lied. */
    void pieceVerified(int piece) {
        Map<Block, BlockSenders.Sent> suspects;
        synchronized (this) {
            picker.pieceVerified(piece);
            PeerMessage.Have have = new PeerMessage.Have(piece);
            for (PeerConnection p : peers) {
                if (!p.has.get(piece)) {
                    p.send(have);
                }
            }
            suspects = senders.verified(piece);
        }
        if (suspects != null) {
            Map<Block, byte[]> good = digestsOrNull(suspects.keySet());
            if (good != null) {
                synchronized (this) {
                    for (PeerConnection liar : BlockSenders.liars(suspects, good)) {
                        ban(liar, "sent a block of piece " + piece + " that differs from the verified one");
                    }
                }
            }
        }
    }

    /**
     * A piece failed its hash: it is fetched again. A peer that alone sent it gets two strikes; when several sent
     * it, what each sent is kept for judging once a good copy verifies.
     */
    void pieceFailed(int piece) {
        Map<Block, PeerConnection> sent;
        Set<Object> from;
        synchronized (this) {
            sent = new HashMap<>();
            picker.senders(piece).forEach((b, p) -> sent.put(b, (PeerConnection) p));
            from = new HashSet<>(sent.values());
        }
        // The disk is read outside the lock; nothing writes this piece until pieceFailed below releases it.
        Map<Block, byte[]> digests = from.size() > 1 ? digestsOrNull(sent.keySet()) : null;
        synchronized (this) {
            picker.pieceFailed(piece);
            if (digests != null) {
                senders.suspect(piece, sent, digests);
            } else if (from.size() == 1) {
                PeerConnection p = (PeerConnection) from.iterator().next();
                int n = strikes.merge(banKey(p), 2, Integer::sum);
                if (n >= config.banAfterHashFailures()) {
                    ban(p, "sent data for pieces that failed their hash (" + n + " strikes)");
                }
            }
            refillAll();
        }
    }

    private Map<Block, byte[]> digestsOrNull(Set<Block> blocks) {
        try {
            return BlockSenders.digests(torrent.store(), blocks);
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot read blocks back to judge their senders: {}", metainfo.name(), e.getMessage());
            return null;
        }
    }

    synchronized void ban(PeerConnection p, String why) {
        if (banned.add(banKey(p)) | banned.add(new PeerIdKey(p.peerId))) {
            LOG.info("{}: banning peer {}: {}", metainfo.name(), p, why);
        }
        p.channel.close();
    }

    /**
     * What a ban applies to: the IP address, as clients do, except on loopback where every test peer shares
     * 127.0.0.1 and only the peer's own address and port single it out.
     */
    private static Object banKey(PeerConnection p) {
        InetAddress ip = p.address.getAddress();
        return ip.isLoopbackAddress() ? p.address : ip;
    }

    synchronized boolean isBanned(InetSocketAddress a) {
        return banned.contains(a) || banned.contains(a.getAddress());
    }

    // ---- uploading ----

    private void onRequest(PeerConnection p, PeerMessage.Request r) {
        String bad = invalid(r);
        if (bad != null || p.amChoking || p.uploadQueue.size() >= config.maxQueuedUploadRequests()) {
            if (bad != null) {
                LOG.debug("{}: dropping request from {}: {}", metainfo.name(), p, bad);
                if (++p.badRequests > MAX_BAD_MESSAGES) {
                    throw new WireException("sent " + p.badRequests + " invalid requests, the last: " + bad);
                }
            }
            if (p.fast) {
                p.send(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
            return;
        }
        p.uploadQueue.add(r);
        serveUploads(p);
    }

    private String invalid(PeerMessage.Request r) {
        if (r.index() < 0 || r.index() >= metainfo.pieceCount()) {
            return "piece " + r.index() + " out of range";
        }
        if (r.length() <= 0 || r.length() > MAX_REQUEST) {
            return "length " + r.length() + " outside 1.." + MAX_REQUEST;
        }
        if (r.begin() < 0 || (long) r.begin() + r.length() > metainfo.pieceSize(r.index())) {
            return "block " + r.begin() + "+" + r.length() + " outside piece " + r.index();
        }
        if (!picker.have(r.index())) {
            return "piece " + r.index() + " not verified here";
        }
        return null;
    }

    /**
     * Starts disk reads for queued requests while the socket can take more: batches of up to
     * {@link #UPLOAD_BATCH} blocks, read by one disk task and written and flushed by one event-loop task, at most
     * {@link #UPLOAD_BATCHES_PER_PEER} per peer so the next batch is read while the last one is sent.
     */
    synchronized void serveUploads(PeerConnection p) {
        while (!p.closed && !p.amChoking && p.uploadsInFlight < UPLOAD_BATCHES_PER_PEER && p.channel.isWritable()
                && !p.uploadQueue.isEmpty()) {
            PeerMessage.Request[] batch = new PeerMessage.Request[Math.min(UPLOAD_BATCH, p.uploadQueue.size())];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = p.uploadQueue.poll();
            }
            p.uploadsInFlight++;
            session.diskPool().execute(() -> readAndSend(p, batch));
        }
    }

    private void readAndSend(PeerConnection p, PeerMessage.Request[] batch) {
        PeerMessage.Piece[] pieces = new PeerMessage.Piece[batch.length];
        long bytes = 0;
        try {
            for (int i = 0; i < batch.length; i++) {
                PeerMessage.Request r = batch[i];
                ByteBuf buf = p.channel.alloc().directBuffer(r.length());
                pieces[i] = new PeerMessage.Piece(r.index(), r.begin(), buf);
                torrent.store().readBlock(r.index(), r.begin(), buf.nioBuffer(0, r.length()));
                buf.writerIndex(r.length());
                bytes += r.length();
            }
        } catch (RuntimeException e) {
            for (PeerMessage.Piece piece : pieces) {
                if (piece != null) {
                    piece.release();
                }
            }
            LOG.warn("{}: cannot read block for {}: {}", metainfo.name(), p, e.getMessage());
            uploadDone(p);
            return;
        }
        long sent = bytes;
        try {
            p.channel.eventLoop().execute(() -> send(p, pieces, sent));
        } catch (RejectedExecutionException closing) {
            for (PeerMessage.Piece piece : pieces) {
                piece.release();
            }
            uploadDone(p);
        }
    }

    /** On the channel's event loop: writes a batch of blocks and flushes once. */
    private void send(PeerConnection p, PeerMessage.Piece[] pieces, long sent) {
        for (int i = 0; i < pieces.length - 1; i++) {
            p.channel.write(pieces[i], p.channel.voidPromise());
        }
        p.channel.writeAndFlush(pieces[pieces.length - 1]).addListener(f -> {
            if (f.isSuccess()) {
                p.uploaded.add(sent);
                torrent.uploadedMeter().add(sent);
            }
            uploadDone(p);
        });
    }

    private void uploadDone(PeerConnection p) {
        synchronized (this) {
            p.uploadsInFlight--;
        }
        serveUploads(p);
    }

    private int unchokedCount() {
        int n = 0;
        for (PeerConnection p : peers) {
            if (!p.amChoking) {
                n++;
            }
        }
        return n;
    }

    private void unchoke(PeerConnection p) {
        p.amChoking = false;
        p.send(Signal.UNCHOKE);
    }

    private void choke(PeerConnection p) {
        p.amChoking = true;
        if (p.fast) {
            for (PeerMessage.Request r : p.uploadQueue) {
                p.send(new PeerMessage.RejectRequest(r.index(), r.begin(), r.length()));
            }
        }
        p.uploadQueue.clear();
        p.send(Signal.CHOKE);
    }

    /** A choke round: the best uploaders (or, seeding, the best takers) plus one optimistic peer are unchoked. */
    private void rechoke(long now) {
        boolean seeding = torrent.verified().isComplete();
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

    // ---- the once-a-second timer ----

    synchronized void tick() {
        if (!open) {
            return;
        }
        long now = System.nanoTime();
        long snub = config.snubTimeout().toNanos();
        for (PeerConnection p : peers) {
            p.keepAlives = 0;
            p.downloaded.tick();
            p.uploaded.tick();
            p.maxInflight = (int) Math.max(MIN_PIPELINE,
                    Math.min(MAX_PIPELINE, p.downloaded.rate() * PIPELINE_SECONDS / Block.SIZE));
            if (!p.inflight.isEmpty() && now - p.lastBlockNanos > snub && !p.snubbed) {
                LOG.debug("{}: {} snubbed us; its {} requests go to others", metainfo.name(), p, p.inflight.size());
                p.snubbed = true;
                releaseInflight(p);
            }
            if (p.amInterested && p.inflight.isEmpty() && !picker.isInteresting(p.has)) {
                setInterested(p, false);
            }
        }
        if (now - lastChokeNanos >= config.chokeInterval().toNanos()) {
            lastChokeNanos = now;
            rechoke(now);
        }
        if (superSeeding()) {
            for (PeerConnection q : superSeed.overdue(now)) {
                offer(q);
            }
        }
        refillAll();
        connectMore();
        readComplete(); // blocks queued outside a read burst (none expected) wait a second at most
    }

    /** Closes every connection; the torrent is pausing or stopping. */
    synchronized void close() {
        open = false;
        for (PeerConnection p : new ArrayList<>(peers)) {
            p.channel.close();
        }
        candidates.values().forEach(c -> c.nextAttemptNanos = 0);
    }

    synchronized void reopen() {
        open = true;
    }

    synchronized List<InetSocketAddress> peerAddresses() {
        return peers.stream().map(p -> p.address).toList();
    }

    /** A peer address we may dial, and how dialling it went. */
    private static final class Candidate {
        boolean connecting;
        int failures;
        long nextAttemptNanos;
    }

    /** Bans a peer id as well, so a banned peer reconnecting from a new port is still refused. */
    private record PeerIdKey(String hex) {
        PeerIdKey(byte[] id) {
            this(java.util.HexFormat.of().formatHex(id));
        }
    }
}
