package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;

/**
 * Turns KRPC datagrams into {@link KrpcMessage}s and back. Datagrams are untrusted: they are decoded only through
 * {@link BencodeReader}, and what a message may carry is capped ({@link #MAX_NODES} nodes per family,
 * {@link #MAX_VALUES} peers, a short transaction id and token), so a hostile datagram allocates no more than its
 * own size and fails with a {@link KrpcException}.
 */
public final class KrpcCodec {

    /** The largest datagram read; anything longer is cut by the socket and then fails to decode. */
    public static final int MAX_DATAGRAM = 65_536;
    /** Nodes kept from one response, per family: a lookup wants 8; the rest of a huge list is ignored. */
    static final int MAX_NODES = 32;
    /** Peers kept from one get_peers response. */
    static final int MAX_VALUES = 256;
    static final int MAX_TRANSACTION = 16;
    static final int MAX_TOKEN = 64;
    /** Our client version (BEP 20 style): "YT" and a two-byte version. */
    private static final byte[] VERSION = {'Y', 'T', 0, 1};

    private KrpcCodec() {
    }

    /** Decodes one datagram. */
    public static KrpcMessage decode(byte[] datagram) {
        Map<String, Object> m;
        try {
            m = BencodeReader.dictionary(datagram);
        } catch (BencodeException e) {
            throw new KrpcException("krpc: " + e.getMessage());
        }
        byte[] t = bytes(m, "t", true);
        if (t.length > MAX_TRANSACTION) {
            throw new KrpcException("krpc: transaction id of " + t.length + " bytes");
        }
        String y = string(m, "y");
        return switch (y) {
            case "q" -> query(m, t);
            case "r" -> response(dict(m, "r"), t);
            case "e" -> error(m, t);
            default -> throw new KrpcException("krpc: unknown message type '" + y + "'");
        };
    }

    private static KrpcMessage.Query query(Map<String, Object> m, byte[] t) {
        KrpcMessage.Method method = KrpcMessage.Method.of(string(m, "q"));
        Map<String, Object> a = dict(m, "a");
        NodeId id = nodeId(a, "id");
        boolean readOnly = integer(m, "ro", 0) == 1;
        NodeId target = switch (method) {
            case FIND_NODE -> nodeId(a, "target");
            case GET_PEERS, ANNOUNCE_PEER -> nodeId(a, "info_hash");
            default -> null;
        };
        int port = 0;
        boolean implied = false;
        byte[] token = null;
        if (method == KrpcMessage.Method.ANNOUNCE_PEER) {
            implied = integer(a, "implied_port", 0) != 0;
            long p = integer(a, "port", implied ? 0 : -1);
            if (!implied && (p < 1 || p > 65_535)) {
                throw new KrpcException("krpc: announce_peer port " + p + " out of range");
            }
            port = (int) p;
            token = bytes(a, "token", true);
            if (token.length > MAX_TOKEN) {
                throw new KrpcException("krpc: token of " + token.length + " bytes");
            }
        }
        boolean want4 = false;
        boolean want6 = false;
        if (a.get("want") instanceof List<?> want) {
            for (Object w : want) {
                want4 |= w instanceof ByteBuffer b && "n4".equals(text(b));
                want6 |= w instanceof ByteBuffer b && "n6".equals(text(b));
            }
        }
        return new KrpcMessage.Query(t, method, id, target, port, implied, token, want4, want6, readOnly);
    }

    private static KrpcMessage.Response response(Map<String, Object> r, byte[] t) {
        NodeId id = nodeId(r, "id");
        List<Contact> nodes = nodes(r, "nodes", false);
        List<Contact> nodes6 = nodes(r, "nodes6", true);
        List<InetSocketAddress> values = new ArrayList<>();
        Object v = r.get("values");
        if (v != null) {
            if (!(v instanceof List<?> list)) {
                throw new KrpcException("krpc: values is not a list");
            }
            for (Object o : list) {
                if (values.size() >= MAX_VALUES) {
                    break;
                }
                if (o instanceof ByteBuffer b) {
                    byte[] raw = remaining(b);
                    InetSocketAddress peer = Compact.peer(raw, 0, raw.length);
                    if (peer != null) {
                        values.add(peer);
                    }
                }
            }
        }
        byte[] token = bytes(r, "token", false);
        if (token != null && token.length > MAX_TOKEN) {
            throw new KrpcException("krpc: token of " + token.length + " bytes");
        }
        return new KrpcMessage.Response(t, id, nodes, nodes6, values, token);
    }

    private static KrpcMessage.Error error(Map<String, Object> m, byte[] t) {
        if (!(m.get("e") instanceof List<?> e) || e.size() < 2 || !(e.get(0) instanceof Long code)
                || !(e.get(1) instanceof ByteBuffer text)) {
            throw new KrpcException("krpc: error is not a [code, message] list");
        }
        String message = text(text);
        return new KrpcMessage.Error(t, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, code)),
                message.length() > 200 ? message.substring(0, 200) : message);
    }

    /** Encodes {@code message}; a query carries our version. */
    public static byte[] encode(KrpcMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", message.transaction());
        if (message instanceof KrpcMessage.Query q) {
            m.put("y", "q");
            m.put("q", q.method().wireName);
            m.put("a", arguments(q));
            if (q.readOnly()) {
                m.put("ro", 1L);
            }
            m.put("v", VERSION);
        } else if (message instanceof KrpcMessage.Response r) {
            m.put("y", "r");
            m.put("r", results(r)); // no version: an answer is never longer than a bare query for it
        } else {
            KrpcMessage.Error e = (KrpcMessage.Error) message;
            m.put("y", "e");
            m.put("e", List.of((long) e.code(), e.message()));
        }
        return BencodeWriter.encode(m);
    }

    private static Map<String, Object> arguments(KrpcMessage.Query q) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", q.id().bytes());
        switch (q.method()) {
            case FIND_NODE -> a.put("target", q.target().bytes());
            case GET_PEERS -> a.put("info_hash", q.target().bytes());
            case ANNOUNCE_PEER -> {
                a.put("info_hash", q.target().bytes());
                a.put("port", (long) q.port());
                a.put("token", q.token());
                if (q.impliedPort()) {
                    a.put("implied_port", 1L);
                }
            }
            default -> {
            }
        }
        List<String> want = new ArrayList<>();
        if (q.want4()) {
            want.add("n4");
        }
        if (q.want6()) {
            want.add("n6");
        }
        if (!want.isEmpty()) {
            a.put("want", want);
        }
        return a;
    }

    private static Map<String, Object> results(KrpcMessage.Response r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id().bytes());
        if (!r.nodes().isEmpty()) {
            out.put("nodes", Compact.nodes(r.nodes(), false));
        }
        if (!r.nodes6().isEmpty()) {
            out.put("nodes6", Compact.nodes(r.nodes6(), true));
        }
        if (!r.values().isEmpty()) {
            out.put("values", r.values().stream().map(Compact::peer).toList());
        }
        if (r.token() != null) {
            out.put("token", r.token());
        }
        return out;
    }

    private static List<Contact> nodes(Map<String, Object> m, String key, boolean ipv6) {
        byte[] b = bytes(m, key, false);
        return b == null ? List.of() : Compact.nodes(b, ipv6, MAX_NODES);
    }

    private static NodeId nodeId(Map<String, Object> m, String key) {
        byte[] b = bytes(m, key, true);
        if (b.length != NodeId.LENGTH) {
            throw new KrpcException("krpc: " + key + " has " + b.length + " bytes, not 20");
        }
        return NodeId.of(b);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dict(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> d)) {
            throw new KrpcException("krpc: '" + key + "' is missing or not a dictionary");
        }
        return (Map<String, Object>) d;
    }

    private static byte[] bytes(Map<String, Object> m, String key, boolean required) {
        Object v = m.get(key);
        if (v instanceof ByteBuffer b) {
            return remaining(b);
        }
        if (v == null && !required) {
            return null;
        }
        throw new KrpcException("krpc: '" + key + "' is " + (v == null ? "missing" : "not a byte string"));
    }

    private static String string(Map<String, Object> m, String key) {
        return new String(bytes(m, key, true), StandardCharsets.UTF_8);
    }

    private static long integer(Map<String, Object> m, String key, long absent) {
        Object v = m.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new KrpcException("krpc: '" + key + "' is not an integer");
    }

    private static byte[] remaining(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static String text(ByteBuffer b) {
        return new String(remaining(b), StandardCharsets.UTF_8);
    }
}
