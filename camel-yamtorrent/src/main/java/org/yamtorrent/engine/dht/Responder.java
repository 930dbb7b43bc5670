package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers the four BEP 5 queries from our routing table, tokens and peer store, and cuts an answer to fit a byte
 * budget (see {@link AddressGuard}). Owned by the DHT's event loop.
 */
final class Responder {

    /** Peers in one get_peers answer: 50 compact IPv4 peers are 400 bytes, well inside one datagram. */
    static final int MAX_VALUES = 50;

    private final RoutingTable table;
    private final TokenStore tokens;
    private final PeerStore peers;
    private final int k;
    private final boolean ipv6;

    Responder(RoutingTable table, TokenStore tokens, PeerStore peers, int k, boolean ipv6) {
        this.table = table;
        this.tokens = tokens;
        this.peers = peers;
        this.k = k;
        this.ipv6 = ipv6;
    }

    /** The answer to {@code q} from {@code from}; an announce with a good token stores the peer. */
    KrpcMessage answer(KrpcMessage.Query q, InetSocketAddress from, long now) {
        NodeId self = table.self();
        switch (q.method()) {
            case PING:
                return response(q, List.of(), List.of(), null);
            case FIND_NODE:
                return response(q, table.closest(q.target(), k), List.of(), null);
            case GET_PEERS:
                return response(q, table.closest(q.target(), k), peers.peers(q.target(), Compact.isIpv6(from),
                        MAX_VALUES, now), tokens.token(from.getAddress(), now));
            case ANNOUNCE_PEER:
                if (!tokens.valid(q.token(), from.getAddress(), now)) {
                    return new KrpcMessage.Error(q.transaction(), KrpcMessage.Error.PROTOCOL, "bad token");
                }
                int port = q.impliedPort() ? from.getPort() : q.port();
                peers.announce(q.target(), new InetSocketAddress(from.getAddress(), port), now);
                return new KrpcMessage.Response(q.transaction(), self, List.of(), List.of(), List.of(), null);
            default:
                return new KrpcMessage.Error(q.transaction(), KrpcMessage.Error.METHOD_UNKNOWN, "method unknown");
        }
    }

    /** Our nodes go in {@code nodes} or {@code nodes6} by our family; BEP 32's want asks for one we cannot give. */
    private KrpcMessage.Response response(KrpcMessage.Query q, List<Contact> nodes, List<InetSocketAddress> values,
                                          byte[] token) {
        List<Contact> none = List.of();
        return new KrpcMessage.Response(q.transaction(), table.self(), ipv6 ? none : nodes, ipv6 ? nodes : none,
                values, token);
    }

    /**
     * {@code answer} encoded in at most {@code budget} bytes: nodes go first, from the end, then peers (they are
     * what a get_peers asker is after). Null when not even the bare answer fits.
     */
    static byte[] fit(KrpcMessage answer, int budget) {
        byte[] out = KrpcCodec.encode(answer);
        if (out.length <= budget || !(answer instanceof KrpcMessage.Response r)) {
            return out.length <= budget ? out : null;
        }
        List<InetSocketAddress> values = new ArrayList<>(r.values());
        List<Contact> nodes = new ArrayList<>(r.nodes());
        List<Contact> nodes6 = new ArrayList<>(r.nodes6());
        while (out.length > budget) {
            if (!nodes.isEmpty()) {
                nodes.remove(nodes.size() - 1);
            } else if (!nodes6.isEmpty()) {
                nodes6.remove(nodes6.size() - 1);
            } else if (!values.isEmpty()) {
                values.remove(values.size() - 1);
            } else {
                return null;
            }
            out = KrpcCodec.encode(new KrpcMessage.Response(r.transaction(), r.id(), nodes, nodes6, values, r.token()));
        }
        return out;
    }
}
