package org.yamtorrent.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.wire.PeerMessage.AllowedFast;
import org.yamtorrent.engine.wire.PeerMessage.Cancel;
import org.yamtorrent.engine.wire.PeerMessage.Extended;
import org.yamtorrent.engine.wire.PeerMessage.Have;
import org.yamtorrent.engine.wire.PeerMessage.Piece;
import org.yamtorrent.engine.wire.PeerMessage.Port;
import org.yamtorrent.engine.wire.PeerMessage.RejectRequest;
import org.yamtorrent.engine.wire.PeerMessage.Request;
import org.yamtorrent.engine.wire.PeerMessage.Signal;
import org.yamtorrent.engine.wire.PeerMessage.Suggest;

/** Test helpers: wire bytes written out by hand, and draining an EmbeddedChannel. */
final class Frames {

    /** A BEP 52 pieces root for the hash messages. */
    static final String ROOT = "11".repeat(32);
    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    private Frames() {
    }

    /** Bytes from hex digits; spaces are for reading only. */
    static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }

    static ByteBuf buf(String digits) {
        return Unpooled.wrappedBuffer(hex(digits));
    }

    static byte[] peerId(char fill) {
        byte[] id = new byte[Handshake.PEER_ID_LENGTH];
        Arrays.fill(id, (byte) fill);
        return id;
    }

    static Handshake handshake(boolean fast, boolean extensions) {
        java.util.EnumSet<Feature> features = java.util.EnumSet.noneOf(Feature.class);
        if (fast) {
            features.add(Feature.FAST);
        }
        if (extensions) {
            features.add(Feature.EXTENSION_PROTOCOL);
        }
        return Handshake.of(HASH, peerId('p'), features);
    }

    static byte[] encode(Handshake handshake) {
        ByteBuf out = Unpooled.buffer(Handshake.LENGTH);
        handshake.encode(out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    /** A message and its wire bytes as BEP 3, 5, 6, 10 and 52 lay them out, written by hand. */
    record Sample(String hex, PeerMessage message) {
    }

    /** One sample of every message type that can be sent; new buffers each call. */
    static List<Sample> samples() {
        return List.of(
                new Sample("00000000", Signal.KEEP_ALIVE),
                new Sample("00000001 00", Signal.CHOKE),
                new Sample("00000001 01", Signal.UNCHOKE),
                new Sample("00000001 02", Signal.INTERESTED),
                new Sample("00000001 03", Signal.NOT_INTERESTED),
                new Sample("00000005 04 00000007", new Have(7)),
                new Sample("00000003 05 fff0", new PeerMessage.Bitfield(hex("fff0"))),
                new Sample("0000000d 06 00000001 00004000 00004000", new Request(1, 16384, 16384)),
                new Sample("0000000c 07 00000002 00000010 abcdef", new Piece(2, 16, buf("abcdef"))),
                new Sample("0000000d 08 00000001 00004000 00004000", new Cancel(1, 16384, 16384)),
                new Sample("00000003 09 1ae1", new Port(6881)),
                new Sample("00000005 0d 0000000b", new Suggest(11)),
                new Sample("00000001 0e", Signal.HAVE_ALL),
                new Sample("00000001 0f", Signal.HAVE_NONE),
                new Sample("0000000d 10 00000003 00000000 00004000", new RejectRequest(3, 0, 16384)),
                new Sample("00000005 11 00000004", new AllowedFast(4)),
                new Sample("00000008 14 00 64313a6d6465", new Extended(0, buf("64313a6d6465"))),
                new Sample("00000031 15 " + ROOT + " 00000001 00000004 00000004 00000002",
                        new PeerMessage.HashRequest(new HashRange(hex(ROOT), 1, 4, 4, 2))),
                new Sample("00000071 16 " + ROOT + " 00000000 00000002 00000002 00000000 " + "aa".repeat(32)
                        + "bb".repeat(32), new PeerMessage.Hashes(new HashRange(hex(ROOT), 0, 2, 2, 0),
                        hex("aa".repeat(32) + "bb".repeat(32)))),
                new Sample("00000031 17 " + ROOT + " 00000001 00000004 00000004 00000002",
                        new PeerMessage.HashReject(new HashRange(hex(ROOT), 1, 4, 4, 2))));
    }

    /** Everything the channel passed inbound so far. */
    static List<Object> inbound(EmbeddedChannel channel) {
        List<Object> all = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            all.add(o);
        }
        return all;
    }

    static void release(List<?> messages) {
        messages.forEach(ReferenceCountUtil::release);
    }
}
