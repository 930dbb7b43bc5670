package org.yamtorrent.engine.session;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.dampcake.bencode.Bencode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/** The BEP 10 extension handshake: what we tell peers, and what we read from theirs. */
final class ExtensionHandshake {

    /** How many requests we queue from one peer: told to peers as {@code reqq}. */
    static final int OUR_REQQ = 500;
    private static final int MAX_HANDSHAKE = 64 * 1024;

    private ExtensionHandshake() {
    }

    static PeerMessage.Extended ours(int listenPort) {
        Map<String, Object> d = new TreeMap<>();
        d.put("m", new TreeMap<String, Object>());
        d.put("p", (long) listenPort);
        d.put("v", "yamtorrent 0.1");
        d.put("reqq", (long) OUR_REQQ);
        return new PeerMessage.Extended(0, Unpooled.wrappedBuffer(new Bencode().encode(d)));
    }

    /**
     * What we use of a peer's handshake.
     *
     * @param port the TCP port it listens on ({@code p}), or 0 when not given
     */
    record Theirs(int reqq, String client, int port) {
    }

    static Theirs parse(ByteBuf payload) {
        if (payload.readableBytes() > MAX_HANDSHAKE) {
            throw new WireException("extension handshake of " + payload.readableBytes() + " bytes is too large");
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        Map<String, Object> d;
        try {
            d = BencodeReader.dictionary(bytes);
        } catch (BencodeException e) {
            throw new WireException("extension handshake is not a bencoded dictionary: " + e.getMessage());
        }
        int reqq = d.get("reqq") instanceof Long l && l > 0 ? (int) Math.min(l, 100_000) : 0;
        String client = d.get("v") instanceof java.nio.ByteBuffer v ? StandardCharsets.UTF_8.decode(v).toString() : "";
        int port = d.get("p") instanceof Long l && l > 0 && l <= 65535 ? l.intValue() : 0;
        return new Theirs(reqq, client, port);
    }
}
