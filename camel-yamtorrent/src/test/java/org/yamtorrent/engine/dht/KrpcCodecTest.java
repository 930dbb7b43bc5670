package org.yamtorrent.engine.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.bencode.BencodeWriter;

/** KRPC messages: BEP 5's own examples, round trips of what we send, and typed errors for what we refuse. */
class KrpcCodecTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final NodeId ID = NodeId.of(ascii("abcdefghij0123456789"));
    private static final NodeId TARGET = NodeId.of(ascii("mnopqrstuvwxyz123456"));

    @Test
    void readsTheExamplesOfBep5() {
        KrpcMessage.Query ping = assertInstanceOf(KrpcMessage.Query.class,
                KrpcCodec.decode(ascii("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe")));
        assertEquals(KrpcMessage.Method.PING, ping.method());
        assertEquals(ID, ping.id());
        assertArrayEquals(ascii("aa"), ping.transaction());

        KrpcMessage.Query announce = assertInstanceOf(KrpcMessage.Query.class, KrpcCodec.decode(ascii(
                "d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e"
                        + "5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe")));
        assertEquals(KrpcMessage.Method.ANNOUNCE_PEER, announce.method());
        assertEquals(TARGET, announce.target());
        assertTrue(announce.impliedPort());
        assertEquals(6881, announce.port());
        assertArrayEquals(ascii("aoeusnth"), announce.token());

        KrpcMessage.Response peers = assertInstanceOf(KrpcMessage.Response.class, KrpcCodec.decode(ascii(
                "d1:rd2:id20:abcdefghij01234567895:token8:aoeusnth6:valuesl6:axje.u6:idhtnmee1:t2:aa1:y1:re")));
        assertEquals(2, peers.values().size());
        assertEquals(new InetSocketAddress("97.120.106.101", 11893), peers.values().get(0));

        KrpcMessage.Error error = assertInstanceOf(KrpcMessage.Error.class,
                KrpcCodec.decode(ascii("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee")));
        assertEquals(201, error.code());
        assertEquals("A Generic Error Ocurred", error.message());
    }

    @Test
    void whatWeWriteReadsBack() throws Exception {
        KrpcMessage.Query q = new KrpcMessage.Query(ascii("tx01"), KrpcMessage.Method.GET_PEERS, ID, TARGET, 0, false,
                null, true, true, true);
        KrpcMessage.Query back = (KrpcMessage.Query) KrpcCodec.decode(KrpcCodec.encode(q));
        assertEquals(TARGET, back.target());
        assertTrue(back.want4() && back.want6() && back.readOnly());

        Contact v4 = new Contact(TARGET, new InetSocketAddress("10.0.0.1", 6881));
        Contact v6 = new Contact(ID, new InetSocketAddress("::1", 6882));
        KrpcMessage.Response r = new KrpcMessage.Response(ascii("tx01"), ID, List.of(v4), List.of(v6),
                List.of(new InetSocketAddress("10.0.0.2", 51413)), ascii("tok"));
        KrpcMessage.Response rb = (KrpcMessage.Response) KrpcCodec.decode(KrpcCodec.encode(r));
        assertEquals(List.of(v4), rb.nodes());
        assertEquals(List.of(v6), rb.nodes6());
        assertEquals(r.values(), rb.values());
        assertArrayEquals(ascii("tok"), rb.token());

        KrpcMessage.Error e = (KrpcMessage.Error) KrpcCodec.decode(KrpcCodec.encode(
                new KrpcMessage.Error(ascii("x"), 203, "bad token")));
        assertEquals(203, e.code());
    }

    @Test
    void anUnknownMethodIsAQueryToAnswerWithError204() {
        KrpcMessage.Query q = (KrpcMessage.Query) KrpcCodec.decode(
                ascii("d1:ad2:id20:abcdefghij0123456789e1:q3:get1:t2:aa1:y1:qe"));
        assertEquals(KrpcMessage.Method.UNKNOWN, q.method());
    }

    @Test
    void keepsAtMostTheCappedNumberOfNodesAndPeers() {
        byte[] nodes = new byte[1000 * Compact.NODE4];
        for (int at = 0; at < nodes.length; at += Compact.NODE4) {
            nodes[at + 20] = 10;
            nodes[at + 25] = 1;
        }
        List<byte[]> values = java.util.Collections.nCopies(2000, new byte[] {10, 0, 0, 1, 0, 1});
        byte[] datagram = BencodeWriter.encode(Map.of("t", "aa", "y", "r", "r",
                Map.of("id", ID.bytes(), "nodes", nodes, "values", values)));
        KrpcMessage.Response r = (KrpcMessage.Response) KrpcCodec.decode(datagram);
        assertEquals(KrpcCodec.MAX_NODES, r.nodes().size());
        assertEquals(KrpcCodec.MAX_VALUES, r.values().size());
    }

    @Test
    void malformedMessagesAreTypedErrors() {
        for (String bad : List.of("", "garbage", "le", "d1:t2:aae", "d1:t2:aa1:y1:qe",
                "d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe", "d1:t2:aa1:y1:re", "d1:t2:aa1:y1:xe",
                "d1:rd2:id20:abcdefghij01234567895:nodes5:12345e1:t2:aa1:y1:re",
                "d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz1234564:porti99999e5:token1:xe"
                        + "1:q13:announce_peer1:t2:aa1:y1:qe",
                "d1:eli201ee1:t2:aa1:y1:ee", "d1:t17:aaaaaaaaaaaaaaaaa1:y1:re")) {
            assertThrows(KrpcException.class, () -> KrpcCodec.decode(ascii(bad)), bad);
        }
    }
}
