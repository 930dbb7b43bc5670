package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.extension.ExtensionPeer;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.wire.Feature;
import org.yamtorrent.engine.wire.MessageEncoder;
import org.yamtorrent.engine.wire.MseHandler;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.ReadGate;

/**
 * One connected, handshaken peer of a torrent, what we know of it, and its one ordered write path. The state is
 * guarded by the owning {@link Swarm}'s lock; the Netty side lives in {@link PeerHandler}.
 */
final class PeerConnection implements ExtensionPeer {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    final Channel channel;
    final InetSocketAddress address;
    final byte[] peerId;
    final Set<Feature> features;
    final boolean fast;
    final boolean extensions;
    final boolean incoming;
    final PeerSource source;
    final long joinedNanos = System.nanoTime();
    /** The torrent's swarm, for {@link #ban}. */
    private final Swarm swarm;
    /** The peer's id for each extension, from its latest extension handshake; replaced whole, read anywhere. */
    private volatile Map<String, Integer> extensionIds = Map.of();

    /**
     * Where the peer accepts connections: the address we dialled; for an incoming peer the port its extension
     * handshake names, or the address at which we dialled it again; null while unknown. Its address book entry is
     * not dialled while this connection lasts.
     */
    InetSocketAddress listenAddress;
    /** Its pieces; null until the torrent's pieces are known, when {@link #held} keeps what it said. */
    Bitfield has;
    HeldPieces held = new HeldPieces();
    boolean amChoking = true;
    boolean amInterested;
    boolean peerChoking = true;
    boolean peerInterested;
    boolean snubbed;
    /** Our requests not yet answered. */
    final Set<Block> inflight = new HashSet<>();
    /** How many requests to keep outstanding; grows with the peer's rate. */
    int maxInflight = Requester.MIN_PIPELINE * 2;
    /** Ticks since the first block arrived, up to {@link Requester#SLOW_START_TICKS}: the pipeline's slow start. */
    int slowStartTicks;
    /** The peer's {@code reqq} from its extension handshake: the most requests it queues. */
    int peerRequestLimit = Integer.MAX_VALUE;
    long lastBlockNanos = System.nanoTime();
    final RateMeter downloaded = new RateMeter();
    final RateMeter uploaded = new RateMeter();
    /** Requests the peer made that we have not served yet. */
    final ArrayDeque<PeerMessage.Request> uploadQueue = new ArrayDeque<>();
    /** Batches of requests being read from disk or written to the socket. */
    int uploadsInFlight;
    /** Counters that tell a hostile peer from a slow one. */
    int blocksReceived;
    int unrequested;
    int badRequests;
    int unknownMessages;
    /** Keep-alives since the last once-a-second tick. */
    int keepAlives;
    /** Why reading from the peer is paused: the disk is behind, or the download limit is in debt. */
    final ReadGate reads;
    /** An upload retry is scheduled for when the upload limit is out of debt. */
    boolean uploadWakePending;
    /** Set once the peer is gone, so late callbacks do nothing. */
    volatile boolean closed;

    PeerConnection(Swarm swarm, Channel channel, InetSocketAddress address, byte[] peerId, Set<Feature> features,
            boolean incoming, PeerSource source) {
        this.swarm = swarm;
        this.channel = channel;
        this.address = address;
        this.peerId = peerId;
        this.features = Set.copyOf(features);
        this.fast = features.contains(Feature.FAST);
        this.extensions = features.contains(Feature.EXTENSION_PROTOCOL);
        this.incoming = incoming;
        this.source = source;
        this.listenAddress = incoming ? null : address;
        this.reads = new ReadGate(channel);
    }

    /**
     * Sends messages to the peer, in the order of the calls whatever thread makes them, and flushes once. This is
     * the peer's only write path after the handshake. Netty writes at once on the event loop but queues a write
     * from any other thread as a task, so a NotInterested from the timer followed by an Interested from the event
     * loop would reach the peer reversed, and both sides would disagree for good (the peer sees us uninterested
     * and keeps us choked). Going through the event loop's queue every time keeps the order the Swarm decided.
     */
    void send(Object... messages) {
        send(List.of(messages));
    }

    void send(List<?> messages) {
        if (messages.isEmpty()) {
            return;
        }
        execute(() -> {
            for (Object m : messages) {
                channel.write(m, channel.voidPromise());
            }
            channel.flush();
        }, messages);
    }

    /** Sends requests as one buffer, one write and one flush, in order with everything else sent. */
    void sendRequests(List<PeerMessage.Request> requests) {
        execute(() -> MessageEncoder.writeBatch(channel, requests), List.of());
    }

    /**
     * Sends a batch of blocks read for the peer and flushes once; {@code done} runs on the event loop with whether
     * they were written, or with false when the event loop is shutting down.
     */
    void sendBlocks(PeerMessage.Piece[] pieces, java.util.function.Consumer<Boolean> done) {
        Runnable write = () -> {
            for (int i = 0; i < pieces.length - 1; i++) {
                channel.write(pieces[i], channel.voidPromise());
            }
            channel.writeAndFlush(pieces[pieces.length - 1]).addListener(f -> done.accept(f.isSuccess()));
        };
        if (!execute(write, List.of(pieces))) {
            done.accept(false);
        }
    }

    private boolean execute(Runnable task, List<?> owned) {
        try {
            channel.eventLoop().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            // the session is closing and its event loops with it: this connection is going away anyway
            LOG.debug("{}: not sent, the event loop is shutting down", this);
            owned.forEach(ReferenceCountUtil::release);
            return false;
        }
    }

    void extensionIds(Map<String, Integer> ids) {
        extensionIds = Map.copyOf(ids);
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Set<Feature> features() {
        return features;
    }

    @Override
    public boolean supports(String extension) {
        return extensionIds.containsKey(extension);
    }

    @Override
    public boolean sendExtended(String extension, ByteBuf payload) {
        Integer id = extensionIds.get(extension);
        if (id == null || closed) {
            payload.release();
            return false;
        }
        send(new PeerMessage.Extended(id, payload));
        return true;
    }

    @Override
    public void close(String why) {
        LOG.debug("{}: closing: {}", this, why);
        channel.close();
    }

    @Override
    public void ban(String why) {
        swarm.ban(this, why);
    }

    /** The peer id's client prefix, for logs (e.g. "-TR3000-", "A2-1-36-"). */
    @Override
    public String client() {
        StringBuilder s = new StringBuilder(8);
        for (int i = 0; i < 8 && i < peerId.length; i++) {
            char c = (char) (peerId[i] & 0xff);
            s.append(c >= 32 && c < 127 ? c : '.');
        }
        return s.toString();
    }

    /** A snapshot for status pages; under the swarm's lock. */
    PeerInfo info() {
        return new PeerInfo(address, source, client(), downloaded.rate(), uploaded.rate(), amChoking, amInterested,
                peerChoking, peerInterested, has == null ? -1 : has.cardinality(), MseHandler.isEncrypted(channel));
    }

    @Override
    public String toString() {
        return address + "/" + client();
    }
}
