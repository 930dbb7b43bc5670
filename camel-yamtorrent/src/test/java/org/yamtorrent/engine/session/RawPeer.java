package org.yamtorrent.engine.session;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * A peer scripted by hand for hostile-peer tests: a plain {@link Socket} on 127.0.0.1 that writes and reads the
 * BEP 3 wire format byte by byte, so it can send what no well-behaved codec would. Every read is bounded by a
 * socket timeout.
 */
final class RawPeer implements AutoCloseable {

    static final int KEEP_ALIVE = -1;
    static final int UNCHOKE = 1;
    static final int INTERESTED = 2;
    static final int HAVE = 4;
    static final int BITFIELD = 5;
    static final int REQUEST = 6;
    static final int PIECE = 7;
    static final int REJECT_REQUEST = 16;
    static final int EXTENDED = 20;

    private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    final byte[] peerId;

    private RawPeer(Socket socket, byte[] peerId) throws IOException {
        this.socket = socket;
        this.peerId = peerId;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    /** Dials the session listening on {@code port} of 127.0.0.1. */
    static RawPeer connect(int port, String peerId) throws IOException {
        return new RawPeer(new Socket(InetAddress.getByName("127.0.0.1"), port), id(peerId));
    }

    /** Waits for the session to dial {@code server}. */
    static RawPeer accept(ServerSocket server, String peerId) throws IOException {
        server.setSoTimeout(30_000);
        return new RawPeer(server.accept(), id(peerId));
    }

    /** A 20-byte peer id: {@code prefix} padded with dashes. */
    static byte[] id(String prefix) {
        byte[] id = new byte[20];
        Arrays.fill(id, (byte) '-');
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, id, 0, Math.min(p.length, 20));
        return id;
    }

    /** Sends our handshake; {@code fast} sets the BEP 6 bit. */
    void sendHandshake(InfoHash infoHash, boolean fast) throws IOException {
        sendHandshake(infoHash, fast, false);
    }

    /** Sends our handshake; {@code fast} sets the BEP 6 bit, {@code extensions} the BEP 10 one. */
    void sendHandshake(InfoHash infoHash, boolean fast, boolean extensions) throws IOException {
        byte[] reserved = new byte[8];
        if (fast) {
            reserved[7] |= 0x04;
        }
        if (extensions) {
            reserved[5] |= 0x10;
        }
        out.write(19);
        out.write(PROTOCOL);
        out.write(reserved);
        out.write(infoHash.bytes());
        out.write(peerId);
        out.flush();
    }

    /** Reads the session's handshake and returns the info-hash it names. */
    InfoHash readHandshake() throws IOException {
        byte[] h = new byte[68];
        in.readFully(h);
        if (h[0] != 19 || !Arrays.equals(Arrays.copyOfRange(h, 1, 20), PROTOCOL)) {
            throw new IOException("not a BitTorrent handshake");
        }
        return InfoHash.of(Arrays.copyOfRange(h, 28, 48));
    }

    /** One message: length prefix, id and payload as given. */
    void send(int id, byte[] payload) throws IOException {
        out.writeInt(1 + payload.length);
        out.write(id);
        out.write(payload);
        out.flush();
    }

    void send(int id) throws IOException {
        send(id, new byte[0]);
    }

    /** Bytes exactly as given, framing included. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    /** A received message; id {@link #KEEP_ALIVE} for a keep-alive. */
    record Message(int id, byte[] payload) {
        int intAt(int offset) {
            return ByteBuffer.wrap(payload).getInt(offset);
        }
    }

    Message read() throws IOException {
        int length = in.readInt();
        if (length == 0) {
            return new Message(KEEP_ALIVE, new byte[0]);
        }
        if (length < 0 || length > (1 << 20)) {
            throw new IOException("message length " + length);
        }
        int id = in.readUnsignedByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Message(id, payload);
    }

    /** Reads until a message with {@code id} arrives, skipping others. */
    Message readUntil(int id) throws IOException {
        while (true) {
            Message m = read();
            if (m.id() == id) {
                return m;
            }
        }
    }

    /** How many messages with {@code id} arrive within {@code window}, answering none. */
    int count(int id, Duration window) throws IOException {
        long end = System.nanoTime() + window.toNanos();
        int n = 0;
        try {
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                if (read().id() == id) {
                    n++;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // nothing more within the window
        } finally {
            socket.setSoTimeout(10_000);
        }
        return n;
    }

    /** True when the session closes the connection within {@code limit}; what it sends meanwhile is dropped. */
    boolean closedWithin(Duration limit) throws IOException {
        return bytesBeforeClose(limit) >= 0;
    }

    /**
     * Reads (and drops) everything until the session closes the connection or {@code limit} passes; returns how
     * many bytes came before the end of the stream or a reset, or -1 when the connection is still open.
     */
    long bytesBeforeClose(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        byte[] sink = new byte[64 * 1024];
        long received = 0;
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            try {
                int n = in.read(sink);
                if (n < 0) {
                    return received;
                }
                received += n;
            } catch (SocketTimeoutException e) {
                // still open; keep waiting
            } catch (EOFException | SocketException e) {
                return received;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
