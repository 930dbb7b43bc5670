package org.yamtorrent.engine.tracker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.net.CompactPeers;

/** The HTTP announce of BEP 3: the request URL and the bencoded reply, with BEP 7 and BEP 23 peers. */
final class HttpAnnounce {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAnnounce.class);
    private static final String REPLY = "announce reply";
    /** Longest text we keep from a tracker's message: enough to read, too short to flood a log. */
    private static final int MAX_TEXT = 512;

    private HttpAnnounce() {
    }

    /** The announce URL for {@code request}, appended to any query the tracker URL already has. */
    static URI requestUri(URI tracker, AnnounceRequest r) {
        String base = tracker.toString();
        int hash = base.indexOf('#');
        if (hash >= 0) {
            base = base.substring(0, hash);
        }
        StringBuilder url = new StringBuilder(base);
        if (tracker.getRawQuery() == null) {
            url.append('?');
        } else if (!base.endsWith("?") && !base.endsWith("&")) {
            url.append('&');
        }
        url.append("info_hash=").append(UrlBytes.encode(r.infoHash().bytes()))
                .append("&peer_id=").append(UrlBytes.encode(r.peerId()))
                .append("&port=").append(r.port())
                .append("&uploaded=").append(r.uploaded())
                .append("&downloaded=").append(r.downloaded())
                .append("&left=").append(r.left())
                .append("&compact=1");
        if (r.numWant() >= 0) {
            url.append("&numwant=").append(r.numWant());
        }
        url.append("&key=").append(String.format("%08X", r.key()));
        if (r.event() != AnnounceEvent.NONE) {
            url.append("&event=").append(r.event().httpName());
        }
        if (r.trackerId() != null) {
            url.append("&trackerid=").append(UrlBytes.encode(r.trackerId().getBytes(StandardCharsets.UTF_8)));
        }
        return URI.create(url.toString());
    }

    /**
     * Parses a reply body.
     *
     * @throws TrackerException for a failure reason ("tracker failure: ...") or a malformed reply
     */
    static AnnounceResponse parseReply(byte[] body, int maxPeers) {
        Map<String, Object> reply = decodeDictionary(body, REPLY);
        Object failure = reply.get("failure reason");
        if (failure != null) {
            throw new TrackerException("tracker failure: " + text(failure, "failure reason"));
        }
        Object interval = reply.get("interval");
        if (interval == null) {
            throw new TrackerException(REPLY + ": interval is missing");
        }
        Set<InetSocketAddress> peers = new LinkedHashSet<>();
        Object v4 = reply.get("peers");
        if (v4 instanceof ByteBuffer compact) {
            decodeCompact(compact, CompactPeers.IPV4_STRIDE, "peers", maxPeers, peers);
        } else if (v4 instanceof List<?> list) {
            decodeDictionaryPeers(list, maxPeers, peers);
        } else if (v4 != null) {
            throw new TrackerException(REPLY + ": peers is neither a string nor a list");
        }
        Object v6 = reply.get("peers6");
        if (v6 instanceof ByteBuffer compact) {
            decodeCompact(compact, CompactPeers.IPV6_STRIDE, "peers6", maxPeers, peers);
        } else if (v6 != null) {
            throw new TrackerException(REPLY + ": peers6 is not a string");
        }
        return new AnnounceResponse(
                count(interval, "interval"),
                reply.containsKey("min interval") ? count(reply.get("min interval"), "min interval") : 0,
                reply.containsKey("tracker id") ? text(reply.get("tracker id"), "tracker id") : null,
                reply.containsKey("warning message") ? text(reply.get("warning message"), "warning message") : null,
                reply.containsKey("complete") ? count(reply.get("complete"), "complete") : -1,
                reply.containsKey("incomplete") ? count(reply.get("incomplete"), "incomplete") : -1,
                List.copyOf(peers));
    }

    /**
     * Checks the structure strictly, then decodes. The check comes first because the decoder pads truncated
     * strings, wraps huge integers and allocates declared lengths up front.
     */
    static Map<String, Object> decodeDictionary(byte[] body, String what) {
        int length = body.length;
        // Some trackers end their reply with a newline; it carries nothing, so it is not worth a failure.
        while (length > 0 && (body[length - 1] == '\n' || body[length - 1] == '\r' || body[length - 1] == ' ')) {
            length--;
        }
        try {
            return BencodeReader.dictionary(body, 0, length);
        } catch (BencodeException e) {
            throw new TrackerException(what + ": " + e.getMessage(), e);
        }
    }

    private static void decodeCompact(ByteBuffer compact, int stride, String field, int maxPeers,
                                      Set<InetSocketAddress> into) {
        byte[] bytes = new byte[compact.remaining()];
        compact.get(bytes);
        CompactPeers.decode(bytes, 0, bytes.length, stride, REPLY + ": " + field, maxPeers, into,
                TrackerException::new);
    }

    private static void decodeDictionaryPeers(List<?> list, int maxPeers, Set<InetSocketAddress> into) {
        for (int i = 0; i < list.size() && into.size() < maxPeers; i++) {
            if (!(list.get(i) instanceof Map<?, ?> peer)) {
                throw new TrackerException(REPLY + ": peers[" + i + "] is not a dictionary");
            }
            String ip = text(peer.get("ip"), "peers[" + i + "].ip");
            int port = count(peer.get("port"), "peers[" + i + "].port");
            if (port < 1 || port > 65535) {
                throw new TrackerException(REPLY + ": peers[" + i + "].port " + port + " is not in 1..65535");
            }
            InetAddress address = IpLiteral.parse(ip);
            if (address == null) {
                // Resolving names a stranger hands us would block and can be abused; real trackers send literals.
                LOG.debug("announce reply: skipping peer with non-literal address '{}'", ip);
                continue;
            }
            into.add(new InetSocketAddress(address, port));
        }
    }

    private static int count(Object value, String field) {
        if (!(value instanceof Long n)) {
            throw new TrackerException(REPLY + ": " + field + " is " + (value == null ? "missing" : "not an integer"));
        }
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new TrackerException(REPLY + ": " + field + " " + n + " is out of range");
        }
        return n.intValue();
    }

    private static String text(Object value, String field) {
        if (!(value instanceof ByteBuffer b)) {
            throw new TrackerException(REPLY + ": " + field + " is " + (value == null ? "missing" : "not a string"));
        }
        byte[] bytes = new byte[Math.min(b.remaining(), MAX_TEXT)];
        b.get(bytes);
        return printable(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Replaces control characters so a tracker cannot forge log lines. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
