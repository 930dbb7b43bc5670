package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * MSE/PE against Debian's aria2c seeding with {@code --bt-require-crypto=true} on 127.0.0.1: our initiator (RC4
 * required) makes the exchange, then the BitTorrent handshake, bitfield and a whole piece travel RC4-encrypted
 * both ways, and the piece hashes right. aria2c refuses any plaintext peer with this option, so a connection that
 * gets this far was encrypted.
 */
@Timeout(90)
class Aria2MseTest {

    @TempDir
    Path tmp;

    @Test
    void weFetchAPieceFromAnAria2cThatRequiresEncryption() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        byte[] data = TestTorrents.randomBytes(300_000, 41);
        Path seed = tmp.resolve("seed");
        Files.createDirectories(seed);
        Files.write(seed.resolve("enc.bin"), data);
        TorrentCreator.Result created = TorrentCreator.of(seed.resolve("enc.bin")).pieceLength(32768).create();
        Files.write(tmp.resolve("t.torrent"), created.bytes());
        Metainfo m = MetainfoReader.read(created.bytes());
        int port = ExternalProgram.freeTcpPort();
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                tmp.resolve("t.torrent"), seed, port, "--check-integrity=true", "--seed-ratio=0.0",
                "--bt-require-crypto=true", "--bt-min-crypto-level=arc4", "--bt-exclude-tracker=*"));
             WireTransport transport = new WireTransport(WireTransport.Settings.defaults())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ExternalProgram.listening(port) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Channel ch = MseDial.open(transport, new InetSocketAddress("127.0.0.1", port), m, "-YT0000-mse-interop1",
                    received);

            Handshake theirs = assertInstanceOf(Handshake.class, next(received, Handshake.class), aria2.log());
            assertEquals(m.infoHash(), theirs.infoHash());
            assertNotNull(ch.pipeline().get(Rc4Codec.NAME), "RC4 was selected");
            next(received, PeerMessage.Bitfield.class);
            ch.writeAndFlush(PeerMessage.Signal.INTERESTED);
            next(received, PeerMessage.Signal.class);
            int piece = 3;
            for (int begin = 0; begin < m.pieceLength(); begin += 16384) {
                ch.write(new PeerMessage.Request(piece, begin, 16384));
            }
            ch.flush();
            MessageDigest sha1 = Sha1.newDigest();
            byte[] got = new byte[m.pieceLength()];
            for (int blocks = 0; blocks < 2; blocks++) {
                PeerMessage.Piece p = (PeerMessage.Piece) next(received, PeerMessage.Piece.class);
                p.block().getBytes(p.block().readerIndex(), got, p.begin(), p.length());
                p.release();
            }
            sha1.update(got);
            assertArrayEquals(m.pieceHash(piece), sha1.digest(), "piece " + piece + " through RC4 both ways");
            ch.close().sync();
        }
    }

    /** The next message of {@code type}, skipping others (have, unchoke order, keep-alives); fails on an error. */
    private static Object next(BlockingQueue<Object> q, Class<?> type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Object m = q.poll(1, TimeUnit.SECONDS);
            if (m instanceof Throwable t) {
                throw new AssertionError("connection failed", t);
            }
            if (type.isInstance(m) && (m != PeerMessage.Signal.KEEP_ALIVE && m != PeerMessage.Signal.CHOKE)) {
                return m;
            }
            if (m instanceof io.netty.util.ReferenceCounted r) {
                r.release();
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 30 s");
    }
}
