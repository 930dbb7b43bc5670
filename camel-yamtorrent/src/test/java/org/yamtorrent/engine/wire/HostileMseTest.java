package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * Hostile MSE/PE initiators against a real session on 127.0.0.1 (encryption=prefer), over plain sockets: garbage
 * before the handshake, garbage inside it (a broken verification constant), a wrong SKEY and a padding length over
 * 512. The session closes each connection, and afterwards still answers a correct encrypted handshake with its
 * BitTorrent handshake over RC4. The typed errors ({@link MseException} naming the fault) are asserted in
 * {@link MseHandlerTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileMseTest {

    @TempDir
    Path tmp;

    private Session session;
    private Metainfo m;

    @BeforeEach
    void seed() throws Exception {
        Path file = tmp.resolve("hostile.bin");
        Files.write(file, TestTorrents.randomBytes(100_000, 71));
        TorrentCreator.Result created = TorrentCreator.of(file).pieceLength(16384).create();
        m = MetainfoReader.read(created.bytes());
        session = Session.open(new SessionConfig().listenPort(0));
        session.add(m, tmp, new TorrentOptions().useTrackers(false)).completion().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void garbageBeforeTheHandshakeIsDropped() throws Exception {
        try (Socket s = connect()) {
            byte[] garbage = new byte[700];
            new Random(5).nextBytes(garbage);
            garbage[0] = 0x13; // starts like a plaintext handshake, then is not one
            s.getOutputStream().write(garbage);
            assertClosed(s);
        }
        assertStillServes();
    }

    @Test
    void garbageInsideTheHandshakeIsDropped() throws Exception {
        try (Socket s = connect()) {
            new Initiator(s, m.infoHash().bytes()).step3(1, Encryption.RC4, 0);
            assertClosed(s);
        }
        assertStillServes();
    }

    @Test
    void aWrongSkeyIsDropped() throws Exception {
        byte[] other = m.infoHash().bytes();
        other[0] ^= 1;
        try (Socket s = connect()) {
            new Initiator(s, other).step3(0, Encryption.RC4, 0);
            assertClosed(s);
        }
        assertStillServes();
    }

    @Test
    void paddingOver512IsDropped() throws Exception {
        try (Socket s = connect()) {
            new Initiator(s, m.infoHash().bytes()).step3(0, Encryption.RC4, 513);
            assertClosed(s);
        }
        assertStillServes();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", session.listenPort());
        s.setSoTimeout(15_000);
        return s;
    }

    /** The session hangs up: every byte it still sends (its key and padding) is read, then end of stream. */
    private static void assertClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[4096];
        try {
            int total = 0;
            for (int n; (n = in.read(sink)) >= 0; ) {
                total += n;
                assertTrue(total <= MseCrypto.KEY_BYTES + 512, "the session sent only its key and padding");
            }
        } catch (SocketTimeoutException e) {
            fail("the session kept the connection open");
        } catch (IOException reset) {
            // closed with a reset: also hung up
        }
    }

    /** A correct RC4 handshake still gets the session's BitTorrent handshake. */
    private void assertStillServes() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        try (WireTransport transport = new WireTransport(WireTransport.Settings.defaults())) {
            MseDial.open(transport, new InetSocketAddress("127.0.0.1", session.listenPort()), m, "-YT0000-hostile-mse1",
                    received);
            Object first = received.poll(30, TimeUnit.SECONDS);
            assertEquals(m.infoHash(), assertInstanceOf(Handshake.class, first, String.valueOf(first)).infoHash());
        }
    }

    /** The initiator's side over a socket, so a test can send what our handler never would. */
    private static final class Initiator {
        private final Socket socket;
        private final byte[] skey;
        private final MseCrypto dh = new MseCrypto();

        Initiator(Socket socket, byte[] skey) {
            this.socket = socket;
            this.skey = skey;
        }

        /** Steps 1 and 3 (reading Yb in between), with verification constant {@code vc}, {@code provide}, PadC. */
        void step3(long vc, int provide, int padC) throws IOException {
            socket.getOutputStream().write(dh.publicKey());
            byte[] yb = new byte[MseCrypto.KEY_BYTES];
            new DataInputStream(socket.getInputStream()).readFully(yb);
            byte[] s = dh.secret(yb);
            byte[] req2 = MseCrypto.hash("req2", skey);
            byte[] req3 = MseCrypto.hash("req3", s);
            for (int i = 0; i < req2.length; i++) {
                req2[i] ^= req3[i];
            }
            Cipher out = MseCrypto.rc4("keyA", s, skey);
            byte[] plain = ByteBuffer.allocate(16 + padC).putLong(vc).putInt(provide).putShort((short) padC)
                    .put(new byte[padC]).putShort((short) 0).array();
            socket.getOutputStream().write(MseCrypto.hash("req1", s));
            socket.getOutputStream().write(req2);
            socket.getOutputStream().write(out.update(plain));
        }
    }
}
