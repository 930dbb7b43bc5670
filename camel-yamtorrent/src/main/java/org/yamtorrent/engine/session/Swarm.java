package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.extension.ExtensionHandshake;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.FilePriority;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.wire.Feature;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.WireException;

/**
 * The connected peers of one torrent while it runs: who joins, and the dispatch of their messages to
 * {@link PeerPieces} (what each says it has), the {@link Requester} (downloading) and the {@link Uploader}
 * (uploading). Before the torrent's pieces are known (its metadata is still coming from peers) peers may join; what
 * they say they have is held until {@link #attachPieces}. Every method runs under the swarm's lock, which is never held
 * across I/O or while a listener runs; writes go through each peer's ordered write path.
 */
final class Swarm {

    private static final Logger LOG = LoggerFactory.getLogger(Swarm.class);
    static final int MAX_BAD_MESSAGES = 64;

    private final TorrentHandle torrent;
    private final Session session;
    private final SessionConfig config;
    private final AddressBook book;
    private final BanList bans;
    private final List<PeerConnection> peers = new ArrayList<>();
    private final Uploader uploader;
    private final BlockSenders senders;
    /** Null until the torrent's pieces are known and its store is open. */
    private Requester requester;
    private final Haves haves;
    private final PeerPieces pieces;
    private final Dialer dialer;
    private long lastChokeNanos;
    private boolean open = true;

    Swarm(TorrentHandle torrent, Session session) {
        this.torrent = torrent;
        this.session = session;
        this.config = session.config();
        this.book = torrent.addressBook();
        this.bans = torrent.banList();
        this.uploader = new Uploader(this, torrent.name(), config, session.diskPool(), torrent.uploadedMeter(),
                new Choker(config.uploadSlots(), new Random()), torrent.limits().uploads());
        this.senders = new BlockSenders(this, torrent.name(), bans);
        this.haves = new Haves(torrent);
        this.pieces = new PeerPieces(torrent, haves);
        this.dialer = new Dialer(session, torrent);
    }

    /**
     * The torrent's pieces are known and its store is open: peers that joined before now have their held pieces
     * checked (a peer whose bitfield does not fit is dropped) and hear what we have.
     */
    synchronized void attachPieces(PiecePicker picker, PieceWriter writer, PieceStore store) {
        requester = new Requester(torrent.name(), picker, writer, torrent.downloadedMeter(), peers);
        uploader.attach(store.metainfo().geometry(), store, picker::have);
        haves.attach(picker);
        pieces.attach(requester, peers);
        connectMore();
    }

    // ---- connections ----

    /** Adds addresses to dial; new ones are dialled at once when the swarm has room. */
    synchronized void addPeers(List<InetSocketAddress> addresses, PeerSource source) {
        if (book.add(addresses.stream().filter(a -> !session.isSelf(a)).toList(), source) > 0) {
            connectMore();
        }
    }

    /** Accepts a handshaken peer; returns false (caller closes) when it must not join. */
    synchronized boolean attach(PeerConnection p) {
        String why = refusal(p);
        if (why != null) {
            LOG.debug("{}: refusing {}: {}", torrent.name(), p, why);
            return false;
        }
        peers.add(p);
        book.joined(p.address);
        List<Object> first = new ArrayList<>();
        if (requester != null) {
            p.has = new Bitfield(requester.picker().pieceCount());
            p.held = null;
            first.addAll(haves.atJoin(p));
        } else if (p.fast) {
            // pieces unknown: we have none yet; haves follow once the store is open (see Haves.afterJoin)
            first.add(Signal.HAVE_NONE);
        }
        if (p.extensions) {
            first.add(ExtensionHandshake.ours(torrent.extensions(), session.listenPort()));
        }
        if (session.hooks().dhtPort() > 0 && p.features.contains(Feature.DHT)) {
            first.add(new PeerMessage.Port(session.hooks().dhtPort()));
        }
        p.send(first);
        if (requester != null) {
            haves.joined(p);
            requester.peerJoined(p);
        }
        LOG.debug("{}: peer {} joined ({} peers)", torrent.name(), p, peers.size());
        return true;
    }

    /** Why {@code p} must not join, or null; learns where a peer we already have listens when we dialled it again. */
    private String refusal(PeerConnection p) {
        if (!open) {
            return "torrent not active";
        }
        if (requester == null && torrent.metainfo() != null) {
            return "still checking its data";
        }
        if (Arrays.equals(p.peerId, session.peerId())) {
            return "it is ourselves";
        }
        if (bans.isBanned(p.address, p.peerId)) {
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

    synchronized void detach(PeerConnection p) {
        if (p.closed) {
            return;
        }
        p.closed = true;
        if (peers.remove(p)) {
            uploader.peerGone(p);
            haves.gone(p);
            if (requester != null && p.has != null) {
                requester.peerGone(p);
            }
            LOG.debug("{}: peer {} left ({} peers)", torrent.name(), p, peers.size());
        }
    }

    synchronized int peerCount() {
        return peers.size();
    }

    /** The peers connected now. */
    synchronized List<PeerConnection> connected() {
        return List.copyOf(peers);
    }

    synchronized List<PeerInfo> peerInfos() {
        return peers.stream().map(PeerConnection::info).toList();
    }

    /** Opens connections to known peers up to the limits, unless the torrent is checking its data. */
    private void connectMore() {
        if (!open || requester == null && torrent.metainfo() != null) {
            return;
        }
        dialer.dial(peers);
    }

    // ---- messages from a peer ----

    synchronized void onMessage(PeerConnection p, PeerMessage m) {
        if (p.closed || !open) {
            ReferenceCountUtil.release(m);
            return;
        }
        if (m instanceof Signal s) {
            onSignal(p, s);
        } else if (m instanceof PeerMessage.Have h) {
            pieces.have(p, h.index());
        } else if (m instanceof PeerMessage.Bitfield b) {
            pieces.bitfield(p, b);
        } else if (m instanceof PeerMessage.Request r) {
            uploader.request(p, r);
        } else if (m instanceof PeerMessage.Piece piece) {
            onPiece(p, piece);
        } else if (m instanceof PeerMessage.Cancel c) {
            uploader.cancel(p, c);
        } else if (m instanceof PeerMessage.RejectRequest r && requester != null) {
            requester.rejected(p, new Block(r.index(), r.begin(), r.length()));
        } else if (m instanceof PeerMessage.Unknown u && ++p.unknownMessages > MAX_BAD_MESSAGES) {
            // Nothing negotiates a new id outside the extension protocol: a few are a peer's bug, a stream is abuse.
            throw new WireException("sent " + p.unknownMessages + " messages with unknown ids, the last " + u.id());
        }
        // suggest and allowed-fast carry nothing we act on; port and extended messages go elsewhere (PeerHandler)
    }

    private void onSignal(PeerConnection p, Signal s) {
        switch (s) {
            case CHOKE -> {
                p.peerChoking = true;
                if (requester != null) {
                    requester.choked(p);
                }
            }
            case UNCHOKE -> {
                p.peerChoking = false;
                if (requester != null) {
                    requester.unchoked(p);
                }
            }
            case INTERESTED -> uploader.interested(p, requester != null, peers);
            case NOT_INTERESTED -> uploader.notInterested(p);
            case HAVE_ALL, HAVE_NONE -> pieces.haveAll(p, s == Signal.HAVE_ALL);
            case KEEP_ALIVE -> {
                // The read itself reset the idle timer. BEP 3 suggests one every two minutes; a flood only burns CPU.
                if (++p.keepAlives > MAX_BAD_MESSAGES) {
                    throw new WireException("sent " + p.keepAlives + " keep-alives within a second");
                }
            }
        }
    }

    private void onPiece(PeerConnection p, PeerMessage.Piece piece) {
        if (requester != null) {
            requester.received(p, piece);
            return;
        }
        piece.release();
        if (++p.unrequested > MAX_BAD_MESSAGES) {
            throw new WireException("sent " + p.unrequested + " blocks before we asked for any");
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

    // ---- pieces ----

    /** Readers wait for these pieces: ask for them first (see {@link PiecePicker#setPriority}). */
    synchronized void setPriority(int[] pieces) {
        if (requester != null) {
            requester.picker().setPriority(pieces);
            requester.refillAll();
        }
    }

    /** The web seeds' way into this swarm's picker and writer; only once the pieces are attached. */
    synchronized WebSeedFeed webSeedFeed() {
        return new WebSeedFeed(this, requester);
    }

    /** The file priorities changed: the picker follows, and our interest in each peer is weighed again. */
    synchronized void setFilePriorities(List<FilePriority> priorities) {
        if (requester != null) {
            requester.picker().setFilePriorities(priorities);
            requester.interestChanged();
        }
    }

    /** A peer's read burst ended: the disk starts on the blocks it delivered. */
    void readComplete() {
        PieceWriter w = torrent.run().writer();
        if (w != null) {
            w.startQueued();
        }
    }

    /** The disk wrote enough of the backlog: let throttled peers send again. */
    synchronized void resumeReading() {
        requester.resumeReading();
    }

    /** A piece verified: every peer that lacks it hears so; an earlier failed copy's senders are judged. */
    void pieceVerified(int piece) {
        Map<Block, BlockSenders.Sent> suspects;
        synchronized (this) {
            requester.picker().pieceVerified(piece);
            haves.verified(piece, peers);
            suspects = senders.verified(piece);
        }
        senders.judge(piece, suspects, torrent.store());
    }

    /** A piece failed its hash: it is fetched again, and its senders get strikes (see {@link BlockSenders}). */
    void pieceFailed(int piece) {
        senders.failed(piece, requester.picker(), torrent.store());
        synchronized (this) {
            requester.refillAll();
        }
    }

    synchronized void ban(PeerConnection p, String why) {
        if (bans.ban(p.address, p.peerId)) {
            LOG.info("{}: banning peer {}: {}", torrent.name(), p, why);
        }
        p.channel.close();
    }

    synchronized boolean isBanned(InetSocketAddress a) {
        return bans.isBanned(a);
    }

    // ---- uploading ----

    synchronized void serveUploads(PeerConnection p) {
        uploader.serve(p);
    }

    // ---- the once-a-second timer ----

    synchronized void tick() {
        if (!open) {
            return;
        }
        long now = System.nanoTime();
        for (PeerConnection p : peers) {
            p.keepAlives = 0;
            p.downloaded.tick();
            p.uploaded.tick();
            if (requester != null && p.has != null) {
                requester.tick(p, now, config.snubTimeout().toNanos());
            }
        }
        if (requester != null) {
            if (now - lastChokeNanos >= config.chokeInterval().toNanos()) {
                lastChokeNanos = now;
                uploader.rechoke(peers, torrent.store().bitfield().isComplete(), now);
            }
            haves.tick(now);
            requester.refillAll();
        }
        connectMore();
        readComplete(); // blocks queued outside a read burst (none expected) wait a second at most
    }

    /** Closes every connection; the torrent is pausing or stopping. */
    synchronized void close() {
        open = false;
        if (requester != null) {
            requester.stop();
        }
        for (PeerConnection p : new ArrayList<>(peers)) {
            p.channel.close();
        }
        book.forgetBackOff();
    }
}
