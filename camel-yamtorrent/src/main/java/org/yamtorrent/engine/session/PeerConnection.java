package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.extension.ExtensionPeer;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.wire.Feature;
import org.yamtorrent.engine.wire.PeerMessage;

/**
 * One connected, handshaken peer of a torrent and what we know of it. The state is guarded by the owning
 * {@link Swarm}'s lock; the Netty side lives in {@link PeerHandler}.
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
    /** The torrent's swarm, for {@link #ban}. */
    private final Swarm swarm;
    /** The peer's id for each extension, from its latest extension handshake; replaced whole, read anywhere. */
    private volatile Map<String, Integer> extensionIds = Map.of();

    /**
     * Where the peer accepts connections: the address we dialled; for an incoming peer the port its extension
     * handshake names, or the address at which we dialled it again; null while unknown. Its candidate address is
     * not dialled while this connection lasts.
     */
    InetSocketAddress listenAddress;
    Bitfield has;
    boolean amChoking = true;
    boolean amInterested;
    boolean peerChoking = true;
    boolean peerInterested;
    boolean optimistic;
    boolean snubbed;
    /** Our requests not yet answered. */
    final Set<Block> inflight = new HashSet<>();
    /** How many requests to keep outstanding; grows with the peer's rate. */
    int maxInflight = 32;
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
    /** Set once the peer is gone, so late callbacks do nothing. */
    volatile boolean closed;

    PeerConnection(Swarm swarm, Channel channel, byte[] peerId, Set<Feature> features, boolean incoming,
            int pieceCount) {
        this.swarm = swarm;
        this.channel = channel;
        this.address = (InetSocketAddress) channel.remoteAddress();
        this.peerId = peerId;
        this.features = Set.copyOf(features);
        this.fast = features.contains(Feature.FAST);
        this.extensions = features.contains(Feature.EXTENSION_PROTOCOL);
        this.incoming = incoming;
        this.listenAddress = incoming ? null : address;
        this.has = new Bitfield(pieceCount);
    }

    /**
     * Sends a message that changes what the peer believes of us (choke, interest, have, reject), in the order of
     * the calls whatever thread makes them. Netty writes at once on the event loop but queues a write from any other
     * thread as a task, so a NotInterested from the timer followed by an Interested from the event loop would reach
     * the peer reversed, and both sides would disagree for good (the peer sees us uninterested and keeps us choked).
     * Going through the event loop's queue every time keeps the order the Swarm decided under its lock.
     */
    void send(Object message) {
        try {
            channel.eventLoop().execute(() -> channel.writeAndFlush(message));
        } catch (RejectedExecutionException e) {
            // the session is closing and its event loops with it: this connection is going away anyway
            LOG.debug("{}: not sent, the event loop is shutting down: {}", this, message);
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
        if (id == null || closed || !channel.isActive()) {
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

    @Override
    public String toString() {
        return address + "/" + client();
    }
}
