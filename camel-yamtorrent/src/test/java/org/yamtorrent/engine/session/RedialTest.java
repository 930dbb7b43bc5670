package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.wire.Encryption;

/**
 * A peer that dialled us is also a candidate we could dial (a tracker or a static list named it): the session
 * must not keep dialling it while the first connection lasts, once it knows where that peer listens.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedialTest {

    private static final byte[] PEER_ID = "-XX0000-redialpeer00".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @Test
    void aPeerNamingItsPortInTheExtensionHandshakeIsNotDialled() throws Exception {
        assertEquals(0, dialsWhileConnected(true));
    }

    @Test
    void aPeerFoundDuplicateByDiallingIsDialledOnce() throws Exception {
        assertEquals(1, dialsWhileConnected(false));
    }

    /**
     * A hand-made peer connects to us, then becomes a candidate at its listening port; returns how often the
     * session dialled that port over the next five timer ticks.
     */
    private int dialsWhileConnected(boolean sendPort) throws Exception {
        Metainfo m = TestTorrents.singleFile("r.bin", TestTorrents.randomBytes(64 * 1024, 9), 16 * 1024);
        AtomicInteger dials = new AtomicInteger();
        List<Socket> open = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Session session = Session.open(Swarms.config(null).encryption(Encryption.DISABLE))) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        dials.incrementAndGet();
                        synchronized (open) {
                            open.add(s);
                        }
                        handshake(s, m, false, 0);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            TorrentHandle t = session.add(m, tmp, new TorrentOptions().useTrackers(false));
            Swarms.waitFor(() -> t.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(10), "started");
            try (Socket in = new Socket("127.0.0.1", session.listenPort())) {
                handshake(in, m, true, sendPort ? server.getLocalPort() : 0);
                Swarms.waitFor(() -> t.progress().peers() == 1, Duration.ofSeconds(10), "our peer joined");
                t.addPeers(List.of(Swarms.local(server.getLocalPort())));
                Thread.sleep(5_000);
                assertEquals(1, t.progress().peers(), "the first connection lasts");
                return dials.get();
            } finally {
                synchronized (open) {
                    for (Socket s : open) {
                        s.close();
                    }
                }
            }
        }
    }

    /** Sends a BEP 3 handshake with the BEP 10 bit, then an extension handshake naming {@code port} if not 0. */
    private static void handshake(Socket s, Metainfo m, boolean first, int port) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        DataInputStream in = new DataInputStream(s.getInputStream());
        if (!first) {
            readHandshake(in, m);
        }
        out.writeByte(19);
        out.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0, 0, 0, 0, 0, 0x10, 0, 0});
        out.write(m.infoHash().bytes());
        out.write(PEER_ID);
        if (port > 0) {
            byte[] dict = ("d1:pi" + port + "ee").getBytes(StandardCharsets.US_ASCII);
            out.writeInt(2 + dict.length);
            out.writeByte(20);
            out.writeByte(0);
            out.write(dict);
        }
        out.flush();
        if (first) {
            readHandshake(in, m);
        }
    }

    private static void readHandshake(DataInputStream in, Metainfo m) throws IOException {
        byte[] h = new byte[68];
        in.readFully(h);
        assertArrayEquals(m.infoHash().bytes(), Arrays.copyOfRange(h, 28, 48));
    }
}
