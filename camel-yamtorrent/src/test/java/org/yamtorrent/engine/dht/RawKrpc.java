package org.yamtorrent.engine.dht;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yamtorrent.engine.bencode.BencodeWriter;

/** A bare UDP socket that speaks KRPC by hand, to play a hostile or a spoofing node. */
final class RawKrpc implements AutoCloseable {

    record Received(InetSocketAddress from, byte[] data) {
        KrpcMessage message() {
            return KrpcCodec.decode(data);
        }
    }

    final DatagramSocket socket;
    final NodeId id;
    long bytesReceived;

    RawKrpc(String host) throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(host, 0));
        id = NodeId.random(new java.util.Random());
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    String hostPort() {
        return address().getHostString() + ":" + address().getPort();
    }

    void send(InetSocketAddress to, byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    void send(InetSocketAddress to, KrpcMessage m) throws Exception {
        send(to, KrpcCodec.encode(m));
    }

    /** A query with a 2-byte transaction id, as most clients send. */
    static byte[] query(String method, Map<String, Object> args, String tid) {
        return BencodeWriter.encode(Map.of("t", tid, "y", "q", "q", method, "a", args));
    }

    byte[] ping(String tid) {
        return query("ping", Map.of("id", id.bytes()), tid);
    }

    /** The next datagram, or null after {@code millis}. */
    Received receive(int millis) throws Exception {
        socket.setSoTimeout(millis);
        byte[] buffer = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        bytesReceived += p.getLength();
        return new Received((InetSocketAddress) p.getSocketAddress(), Arrays.copyOf(buffer, p.getLength()));
    }

    /** Waits up to {@code millis} for a query (skipping anything else) and returns it. */
    Received nextQuery(int millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Received r = receive((int) Math.max(1, end - System.currentTimeMillis()));
            if (r != null && r.message() instanceof KrpcMessage.Query) {
                return r;
            }
        }
        return null;
    }

    /**
     * Waits up to {@code millis} between datagrams for a response, answering the node's queries on the way (it
     * pings an asker it has not heard from before answering it in full); null when none came.
     */
    KrpcMessage.Response awaitResponse(int millis) throws Exception {
        for (Received r = receive(millis); r != null; r = receive(millis)) {
            if (r.message() instanceof KrpcMessage.Query q) {
                send(r.from(), new KrpcMessage.Response(q.transaction(), id, List.of(), List.of(), List.of(), null));
            } else if (r.message() instanceof KrpcMessage.Response resp) {
                return resp;
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
