package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.util.List;

/** One KRPC message (BEP 5): a query, a response or an error, each carrying the transaction id it belongs to. */
public sealed interface KrpcMessage {

    /** The opaque transaction id; a response echoes the query's. */
    byte[] transaction();

    /** The four BEP 5 queries; {@code UNKNOWN} for any other method name, which is answered with error 204. */
    enum Method {
        PING("ping"), FIND_NODE("find_node"), GET_PEERS("get_peers"), ANNOUNCE_PEER("announce_peer"), UNKNOWN("");

        final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        static Method of(String name) {
            for (Method m : values()) {
                if (m != UNKNOWN && m.wireName.equals(name)) {
                    return m;
                }
            }
            return UNKNOWN;
        }
    }

    /**
     * A query. {@code target} is find_node's target or the info-hash of get_peers and announce_peer, else null;
     * {@code port}, {@code impliedPort} and {@code token} belong to announce_peer. {@code want4}/{@code want6} are
     * BEP 32's {@code want} (both false when absent: the asker's own family), and {@code readOnly} is BEP 43's
     * {@code ro}.
     */
    record Query(byte[] transaction, Method method, NodeId id, NodeId target, int port, boolean impliedPort,
                 byte[] token, boolean want4, boolean want6, boolean readOnly) implements KrpcMessage {

        static Query of(byte[] transaction, Method method, NodeId id, NodeId target, boolean readOnly) {
            return new Query(transaction, method, id, target, 0, false, null, false, false, readOnly);
        }
    }

    /** A response: the responder's id, and whichever of nodes, nodes6, values and token it carried. */
    record Response(byte[] transaction, NodeId id, List<Contact> nodes, List<Contact> nodes6,
                    List<InetSocketAddress> values, byte[] token) implements KrpcMessage {
    }

    /** An error: 201 generic, 202 server, 203 protocol (a bad packet, argument or token), 204 method unknown. */
    record Error(byte[] transaction, int code, String message) implements KrpcMessage {

        public static final int GENERIC = 201;
        public static final int SERVER = 202;
        public static final int PROTOCOL = 203;
        public static final int METHOD_UNKNOWN = 204;
    }
}
