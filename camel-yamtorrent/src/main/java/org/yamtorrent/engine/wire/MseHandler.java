package org.yamtorrent.engine.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.Cipher;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSE/PE, the Message Stream Encryption handshake that every client speaks before the BitTorrent handshake.
 * Sits first in the pipeline (before the {@link MessageEncoder} and the {@link HandshakeDecoder}); once the
 * exchange is done it removes itself, leaving a {@link Rc4Codec} when RC4 was selected, and hands the bytes that
 * followed the exchange on unchanged (plaintext) or decrypted. Writes made meanwhile (our BitTorrent handshake)
 * wait and go out after it, through the chosen method.
 *
 * <pre>
 * 1 A-&gt;B: Ya, PadA
 * 2 B-&gt;A: Yb, PadB
 * 3 A-&gt;B: HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), ENCRYPT(VC, crypto_provide, len(PadC), PadC,
 *          len(IA)), ENCRYPT(IA)
 * 4 B-&gt;A: ENCRYPT(VC, crypto_select, len(PadD), PadD), then the payload stream
 * </pre>
 *
 * <p>An incoming connection is told apart by its first 20 bytes: {@code 19 'BitTorrent protocol'} is a plaintext
 * handshake, anything else MSE. Every padding is at most 512 bytes: a peer whose synchronisation hash or
 * verification constant is not where 512 bytes of padding would put it is dropped, as is one naming a torrent we
 * do not have (wrong SKEY) or breaking the policy; each with an {@link MseException} fired before the close.
 * We send an empty IA, so our own handshake follows the exchange.
 *
 * <p>Runs on the channel's event loop; the lookup is called there too.
 */
public final class MseHandler extends ChannelDuplexHandler {

    /** The pipeline name, first after the head. */
    public static final String NAME = "mse";
    static final int MAX_PAD = 512;
    private static final int VC = 8;
    private static final int HASH = 20;
    private static final byte[] PROTOCOL = ("\u0013BitTorrent protocol").getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = LoggerFactory.getLogger(MseHandler.class);

    private enum State { DETECT, PEER_KEY, SYNC, SKEY, CRYPTO, PAD, IA_LENGTH, IA, DONE }

    private final boolean initiator;
    private final Encryption policy;
    private final SkeyLookup lookup;
    private final MseCrypto dh = new MseCrypto();
    private byte[] skey;
    private byte[] secret;
    private Cipher in;
    private Cipher out;
    private byte[] sync;
    private State state;
    private int provide;
    private int select;
    private int length;
    private ByteBuf buf;
    private PendingWriteQueue pending;
    private boolean keySent;
    private boolean failed;

    private MseHandler(boolean initiator, Encryption policy, byte[] skey, SkeyLookup lookup) {
        this.initiator = initiator;
        this.policy = policy;
        this.skey = skey;
        this.lookup = lookup;
        this.state = initiator ? State.PEER_KEY : State.DETECT;
    }

    /** For a connection we make: offers RC4, and plaintext too unless {@code policy} is REQUIRE. */
    public static MseHandler initiator(Encryption policy, byte[] skey) {
        if (policy == Encryption.DISABLE) {
            throw new IllegalArgumentException("encryption=disable makes no MSE handshake");
        }
        return new MseHandler(true, policy, skey.clone(), null);
    }

    /** For a connection we accept: lets plaintext through unless REQUIRE, MSE unless DISABLE. */
    public static MseHandler responder(Encryption policy, SkeyLookup lookup) {
        return new MseHandler(false, policy, null, lookup);
    }

    /** Runs one key exchange with nothing sent, so that the first real one does not pay for a cold JVM. */
    public static void warmUp() {
        MseCrypto.exchangeOnce();
    }

    /** Whether {@code channel}'s payload stream is RC4-encrypted: its MSE exchange selected RC4. */
    public static boolean isEncrypted(Channel channel) {
        return channel.pipeline().get(Rc4Codec.NAME) != null;
    }

    /**
     * True when our key went out but the exchange never finished and we did not end it ourselves: the peer closed
     * the connection (or let it time out) in the middle, as a client without MSE does after reading our key as a
     * broken BitTorrent handshake. A dial that preferred encryption may then try again in plaintext.
     */
    public boolean abandoned() {
        return keySent && state != State.DONE && !failed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        buf = ctx.alloc().buffer();
        pending = new PendingWriteQueue(ctx);
        if (initiator && ctx.channel().isActive()) {
            sendKey(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (initiator) {
            sendKey(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        buf.release();
        if (!pending.isEmpty()) {
            pending.removeAndFailAll(new MseException("connection closed during the handshake"));
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state == State.DONE) {
            ctx.write(msg, promise);
        } else {
            pending.add(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (state == State.DONE) {
            ctx.flush();
        }
        // else what waits goes out when the exchange is done
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data) || state == State.DONE) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            data.release();
            return;
        }
        try {
            buf.writeBytes(data);
        } finally {
            data.release();
        }
        try {
            while (state != State.DONE && step(ctx)) {
                // each step consumes what it needs and says whether it made progress
            }
        } catch (MseException e) {
            LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            failed = true;
            buf.clear();
            ctx.fireExceptionCaught(e);
            ctx.close();
        }
    }

    /** Advances by one state when enough bytes are buffered; false when more are needed. */
    private boolean step(ChannelHandlerContext ctx) {
        return switch (state) {
            case DETECT -> detect(ctx);
            case PEER_KEY -> peerKey(ctx);
            case SYNC -> synchronise();
            case SKEY -> findSkey();
            case CRYPTO -> cryptoFields();
            case PAD -> padding(ctx);
            case IA_LENGTH -> iaLength();
            case IA -> initialPayload(ctx);
            case DONE -> false;
        };
    }

    private boolean detect(ChannelHandlerContext ctx) {
        if (buf.readableBytes() < PROTOCOL.length) {
            return false;
        }
        boolean plaintext = ByteBufUtil.equals(buf, buf.readerIndex(), Unpooled.wrappedBuffer(PROTOCOL), 0,
                PROTOCOL.length);
        if (plaintext) {
            if (policy == Encryption.REQUIRE) {
                throw new MseException("a plaintext BitTorrent handshake, refused as encryption=require");
            }
            finish(ctx, false, null);
            return false;
        }
        if (policy == Encryption.DISABLE) {
            throw new MseException("the first bytes are not a BitTorrent handshake, and encryption=disable refuses MSE");
        }
        state = State.PEER_KEY;
        return true;
    }

    private boolean peerKey(ChannelHandlerContext ctx) {
        if (buf.readableBytes() < MseCrypto.KEY_BYTES) {
            return false;
        }
        secret = dh.secret(read(MseCrypto.KEY_BYTES));
        if (initiator) {
            sendRequest(ctx);
            // B's reply after PadB starts with ENCRYPT(VC): find that by a keyB stream of our own
            sync = MseCrypto.rc4("keyB", secret, skey).update(new byte[VC]);
            in = MseCrypto.rc4("keyB", secret, skey);
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(dh.publicKey(), MseCrypto.padding(MAX_PAD)));
            sync = MseCrypto.hash("req1", secret);
        }
        state = State.SYNC;
        return true;
    }

    /** Finds the synchronisation bytes behind the peer's padding, which may be 0 to 512 bytes long. */
    private boolean synchronise() {
        int limit = Math.min(buf.readableBytes(), MAX_PAD + sync.length);
        for (int at = 0; at + sync.length <= limit; at++) {
            if (ByteBufUtil.equals(buf, buf.readerIndex() + at, Unpooled.wrappedBuffer(sync), 0, sync.length)) {
                buf.skipBytes(at);
                if (initiator) {
                    decrypt(VC);
                    state = State.CRYPTO;
                } else {
                    buf.skipBytes(HASH);
                    state = State.SKEY;
                }
                return true;
            }
        }
        if (buf.readableBytes() >= MAX_PAD + sync.length) {
            throw new MseException(initiator
                    ? "no verification constant within 512 bytes of padding after the peer's key"
                    : "no HASH('req1', S) within 512 bytes of padding after the peer's key");
        }
        return false;
    }

    private boolean findSkey() {
        if (buf.readableBytes() < HASH) {
            return false;
        }
        byte[] req2 = xor(read(HASH), MseCrypto.hash("req3", secret));
        skey = lookup.skey(req2);
        if (skey == null) {
            throw new MseException("the peer asks for a torrent we do not have (no SKEY matches its HASH('req2', SKEY))");
        }
        in = MseCrypto.rc4("keyA", secret, skey);
        out = MseCrypto.rc4("keyB", secret, skey);
        state = State.CRYPTO;
        return true;
    }

    /** Responder: VC, crypto_provide, len(PadC). Initiator (VC already found): crypto_select, len(PadD). */
    private boolean cryptoFields() {
        int need = initiator ? 6 : VC + 6;
        if (buf.readableBytes() < need) {
            return false;
        }
        ByteBuffer f = ByteBuffer.wrap(decrypt(need));
        if (!initiator) {
            if (f.getLong() != 0) {
                throw new MseException("the verification constant is not 8 zero bytes");
            }
            provide = f.getInt();
        } else {
            select = f.getInt();
            if (select != Encryption.RC4 && select != Encryption.PLAINTEXT || (select & policy.provide()) == 0) {
                throw new MseException("the peer selected crypto method 0x" + Integer.toHexString(select)
                        + ", which we did not offer");
            }
        }
        length = Short.toUnsignedInt(f.getShort());
        if (length > MAX_PAD) {
            throw new MseException("padding of " + length + " bytes is over the limit of " + MAX_PAD);
        }
        state = State.PAD;
        return true;
    }

    private boolean padding(ChannelHandlerContext ctx) {
        if (buf.readableBytes() < length) {
            return false;
        }
        decrypt(length);
        if (initiator) {
            finish(ctx, select == Encryption.RC4, null);
            return false;
        }
        state = State.IA_LENGTH;
        return true;
    }

    private boolean iaLength() {
        if (buf.readableBytes() < 2) {
            return false;
        }
        length = ByteBuffer.wrap(decrypt(2)).getShort() & 0xffff;
        state = State.IA;
        return true;
    }

    private boolean initialPayload(ChannelHandlerContext ctx) {
        if (buf.readableBytes() < length) {
            return false;
        }
        byte[] ia = decrypt(length);
        select = policy.select(provide);
        byte[] reply = ByteBuffer.allocate(VC + 6).putLong(0).putInt(select).putShort((short) 0).array();
        ctx.writeAndFlush(Unpooled.wrappedBuffer(out.update(reply)));
        finish(ctx, select == Encryption.RC4, ia);
        return false;
    }

    private void sendKey(ChannelHandlerContext ctx) {
        if (!keySent) {
            keySent = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(dh.publicKey(), MseCrypto.padding(MAX_PAD)));
        }
    }

    private void sendRequest(ChannelHandlerContext ctx) {
        out = MseCrypto.rc4("keyA", secret, skey);
        byte[] req2 = xor(MseCrypto.hash("req2", skey), MseCrypto.hash("req3", secret));
        byte[] padC = MseCrypto.padding(MAX_PAD);
        ByteBuffer plain = ByteBuffer.allocate(VC + 4 + 2 + padC.length + 2)
                .putLong(0).putInt(policy.provide()).putShort((short) padC.length).put(padC).putShort((short) 0);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(MseCrypto.hash("req1", secret), req2, out.update(plain.array())));
    }

    /**
     * The exchange is done: installs the RC4 codec when chosen, sends the writes that waited (our BitTorrent
     * handshake goes before anything the peer's bytes make us write), leaves the pipeline, and hands on the
     * initial payload and whatever followed it.
     */
    private void finish(ChannelHandlerContext ctx, boolean rc4, byte[] ia) {
        state = State.DONE;
        ByteBuf rest = buf.readRetainedSlice(buf.readableBytes());
        if (rc4) {
            Rc4Codec.crypt(in, rest, rest);
            ctx.pipeline().addBefore(ctx.name(), Rc4Codec.NAME, new Rc4Codec(in, out));
        }
        LOG.debug("{}: {} connection", ctx.channel().remoteAddress(), rc4 ? "RC4" : "plaintext");
        pending.removeAndWriteAll();
        ctx.flush();
        ctx.pipeline().remove(this);
        if (ia != null && ia.length > 0) {
            ctx.fireChannelRead(Unpooled.wrappedBuffer(ia));
        }
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
    }

    private byte[] read(int n) {
        byte[] b = new byte[n];
        buf.readBytes(b);
        return b;
    }

    private byte[] decrypt(int n) {
        // a JDK cipher answers an empty update with null
        return n == 0 ? new byte[0] : in.update(read(n));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] x = Arrays.copyOf(a, a.length);
        for (int i = 0; i < x.length; i++) {
            x[i] ^= b[i];
        }
        return x;
    }

}
