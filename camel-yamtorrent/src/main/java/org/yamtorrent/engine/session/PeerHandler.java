package org.yamtorrent.engine.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.extension.Extension;
import org.yamtorrent.engine.extension.ExtensionHandshake;
import org.yamtorrent.engine.extension.ExtensionRegistry;
import org.yamtorrent.engine.rate.ReadShaper;
import org.yamtorrent.engine.wire.Handshake;
import org.yamtorrent.engine.wire.MessageId;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/**
 * The session's handler on each peer channel: completes the handshake (ours first when we dialled, after theirs
 * when they did), then hands every message to the swarm the peer joined, extended messages to the torrent's
 * extensions, PORT messages to the session's DHT listener, and BEP 52 hash messages to {@link HashAnswers}, all
 * three outside the swarm's lock. Any protocol error closes the channel.
 */
final class PeerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PeerHandler.class);
    private static final int MAX_UNKNOWN_EXTENDED = 64;

    private final Session session;
    /** The torrent we dialled for; null for an incoming connection until its handshake names one. */
    private TorrentHandle torrent;
    private final boolean incoming;
    private final PeerSource source;
    private PeerConnection peer;
    /** The swarm the peer joined: a resume makes a new one, which this peer is no part of. */
    private Swarm swarm;
    private int unknownExtended;
    private final HashAnswers hashes = new HashAnswers();

    PeerHandler(Session session, TorrentHandle dialled, PeerSource source) {
        this.session = session;
        this.torrent = dialled;
        this.incoming = dialled == null;
        this.source = source;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!incoming) {
            ctx.writeAndFlush(session.handshake(torrent));
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Handshake h) {
                onHandshake(ctx, h);
            } else if (msg instanceof PeerMessage m) {
                if (peer == null) {
                    ReferenceCountUtil.release(m);
                    throw new WireException("message before the handshake");
                }
                if (m instanceof PeerMessage.Extended e) {
                    onExtended(e);
                } else if (m instanceof PeerMessage.Port p) {
                    session.hooks().portReceived(peer.address, p.port());
                } else if (m.id() >= MessageId.HASH_REQUEST && m.id() <= MessageId.HASH_REJECT) {
                    hashes.received(peer, torrent, m);
                } else {
                    swarm.onMessage(peer, m);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        } catch (WireException e) {
            LOG.debug("{}: protocol error, closing: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
        }
    }

    /**
     * BEP 10 messages go to the torrent's extensions outside the swarm's lock; the swarm only takes what it uses of
     * the handshake. Messages with ids we never gave out are ignored, up to a cap.
     */
    private void onExtended(PeerMessage.Extended e) {
        try {
            if (peer.closed) {
                return;
            }
            ExtensionRegistry registry = torrent.extensions();
            if (e.extendedId() == 0) {
                ExtensionHandshake.Theirs h = ExtensionHandshake.parse(e.payload());
                peer.extensionIds(h.ids());
                swarm.onExtensionHandshake(peer, h);
                for (Extension x : registry.extensions()) {
                    x.peerHandshake(peer, h.dictionary());
                }
                return;
            }
            Extension x = registry.byOurId(e.extendedId());
            if (x != null) {
                x.onMessage(peer, e.payload());
            } else if (++unknownExtended > MAX_UNKNOWN_EXTENDED) {
                throw new WireException("sent " + unknownExtended + " extended messages with ids we never gave out");
            }
        } finally {
            e.release();
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, Handshake h) {
        if (incoming) {
            torrent = session.find(h.infoHash());
            if (torrent == null) {
                throw new WireException("handshake for info-hash " + h.infoHash() + ", which we do not serve");
            }
        } else if (!h.infoHash().equals(torrent.infoHash())) {
            throw new WireException("handshake for info-hash " + h.infoHash() + ", not " + torrent.infoHash());
        }
        if (Arrays.equals(h.peerId(), session.peerId())) {
            throw new WireException("connected to ourselves");
        }
        swarm = torrent.run().swarm();
        if (incoming) {
            ctx.write(session.handshake(torrent));
        }
        peer = new PeerConnection(swarm, ctx.channel(), (InetSocketAddress) ctx.channel().remoteAddress(), h.peerId(),
                h.features(), incoming, source);
        ctx.pipeline().addBefore(ctx.name(), ReadShaper.NAME, new ReadShaper(torrent.limits().downloads(), peer.reads));
        boolean joined = swarm.attach(peer);
        ctx.flush();
        if (!joined) {
            peer = null;
            ctx.close();
        }
    }

    /** The end of a read burst: the blocks it delivered go to the disk in one hand-off. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (peer != null) {
            swarm.readComplete();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (peer != null && ctx.channel().isWritable()) {
            swarm.serveUploads(peer);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (peer != null) {
            swarm.detach(peer);
            for (Extension x : torrent.extensions().extensions()) {
                x.peerGone(peer);
            }
        }
        session.connectionClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof WireException || cause instanceof IOException) {
            LOG.debug("{}: closing: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            LOG.warn("{}: closing after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
