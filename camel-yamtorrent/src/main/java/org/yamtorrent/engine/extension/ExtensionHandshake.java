package org.yamtorrent.engine.extension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/**
 * The BEP 10 extension handshake: what we tell peers, and what we read from theirs. The {@code m} dictionary and
 * the extensions' own fields come from the {@link ExtensionRegistry}; the fields of the protocol itself
 * ({@code p}, {@code v}, {@code reqq}) are here.
 */
public final class ExtensionHandshake {

    /**
     * How many requests we queue from one peer: told to peers as {@code reqq}. Transmission keeps at most this many
     * outstanding and tops up about once a second, so it bounds what it can fetch from us: 500 (of 16 KiB) held it
     * to 7.8 MiB/s. {@code SessionConfig.maxQueuedUploadRequests} must be at least this.
     */
    public static final int OUR_REQQ = 2000;
    private static final int MAX_HANDSHAKE = 64 * 1024;
    /** The most extension names we keep from a peer's {@code m}: real clients name a dozen. */
    private static final int MAX_NAMES = 64;

    private ExtensionHandshake() {
    }

    /** Our handshake (extended message 0) for a torrent with these extensions. */
    public static PeerMessage.Extended ours(ExtensionRegistry registry, int listenPort) {
        Map<String, Object> d = new TreeMap<>();
        registry.addHandshakeFields(d);
        d.put("p", (long) listenPort);
        d.put("v", "yamtorrent 0.1");
        d.put("reqq", (long) OUR_REQQ);
        return new PeerMessage.Extended(0, Unpooled.wrappedBuffer(BencodeWriter.encode(d)));
    }

    /**
     * What we use of a peer's handshake.
     *
     * @param port       the TCP port it listens on ({@code p}), or 0 when not given
     * @param ids        the peer's id for each extension it enables ({@code m}; ids 1..255, a 0 disables)
     * @param dictionary the whole dictionary, for the extensions' own fields
     */
    public record Theirs(int reqq, String client, int port, Map<String, Integer> ids, Map<String, Object> dictionary) {
    }

    public static Theirs parse(ByteBuf payload) {
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
        String client = d.get("v") instanceof ByteBuffer v ? StandardCharsets.UTF_8.decode(v.duplicate()).toString() : "";
        int port = d.get("p") instanceof Long l && l > 0 && l <= 65535 ? l.intValue() : 0;
        return new Theirs(reqq, client, port, ids(d.get("m")), d);
    }

    private static Map<String, Integer> ids(Object m) {
        Map<String, Integer> ids = new HashMap<>();
        if (m instanceof Map<?, ?> names) {
            for (Map.Entry<?, ?> e : names.entrySet()) {
                if (ids.size() < MAX_NAMES && e.getKey() instanceof String name && e.getValue() instanceof Long id
                        && id > 0 && id <= 255) {
                    ids.put(name, id.intValue());
                }
            }
        }
        return ids;
    }
}
