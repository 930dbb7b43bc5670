package org.yamtorrent.engine.tracker;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP socket on 127.0.0.1 (or another address) that queues what it receives; the test decides what, if anything, to answer. */
final class FakeUdpTracker implements AutoCloseable {

    record Received(SocketAddress from, ByteBuffer data) {
        int action() {
            return data.getInt(8);
        }

        int transactionId() {
            return data.getInt(12);
        }

        long connectionId() {
            return data.getLong(0);
        }
    }

    private final DatagramSocket socket;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Thread reader;

    FakeUdpTracker() throws Exception {
        this(new InetSocketAddress("127.0.0.1", 0));
    }

    /** On {@code bind}, e.g. [::1] on the port of a tracker of the other family. */
    FakeUdpTracker(InetSocketAddress bind) throws Exception {
        socket = new DatagramSocket(bind);
        reader = new Thread(this::read, "fake-udp-tracker");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                received.add(new Received(p.getSocketAddress(), ByteBuffer.wrap(Arrays.copyOf(p.getData(), p.getLength()))));
            } catch (Exception e) {
                return;
            }
        }
    }

    URI url() {
        String host = socket.getLocalAddress().getHostAddress();
        return URI.create("udp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + socket.getLocalPort());
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next datagram, failing the test when none comes within 10 s. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no datagram reached the fake tracker");
        }
        return r;
    }

    int queued() {
        return received.size();
    }

    void send(SocketAddress to, ByteBuffer data) throws Exception {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    void replyConnect(Received to, long connectionId) throws Exception {
        send(to.from(), ByteBuffer.allocate(16).putInt(0).putInt(to.data().getInt(12)).putLong(connectionId).flip());
    }

    void replyAnnounce(Received to, int interval, int leechers, int seeders, byte[] peers) throws Exception {
        send(to.from(), ByteBuffer.allocate(20 + peers.length).putInt(1).putInt(to.transactionId())
                .putInt(interval).putInt(leechers).putInt(seeders).put(peers).flip());
    }

    @Override
    public void close() {
        socket.close();
    }
}
