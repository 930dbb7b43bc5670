package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metadata.MetadataMessage;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * Hostile ut_metadata peers over real sockets (a {@link RawPeer}) against a session fetching a magnet's metadata:
 * a size above the cap, a size that lies, wrong metadata, an oversized piece, unsolicited data. Each liar is dropped
 * (banned where it sent bad data) before it can cost more than the memory of the capped size, and the honest seeder
 * added after it still gives the leecher the metadata and the payload, bit-exact.
 */
@Timeout(120)
class HostileMetadataTest {

    private static final int OUR_METADATA_ID = 3;

    @TempDir
    Path tmp;

    private Metainfo m;

    /** A torrent whose info dictionary spans two metadata pieces. */
    @BeforeEach
    void torrent() throws Exception {
        for (int i = 0; i < 300; i++) {
            Swarms.writeRandomFile(tmp.resolve("seed/meta/a-file-with-a-rather-long-name-" + i + ".bin"), 50 + i, i);
        }
        m = Swarms.createTorrent(tmp.resolve("seed/meta"), null, 16 * 1024, tmp.resolve("t.torrent"));
        assertTrue(m.rawInfo().length > MetadataMessage.PIECE_SIZE, "two pieces: " + m.rawInfo().length);
    }

    @Test
    void aSizeAboveTheCap() throws Exception {
        withLiar(liar -> {
            liar.announce(1L << 30);
            assertTrue(liar.peer.closedWithin(Duration.ofSeconds(20)), "dropped before allocating a GiB");
        });
    }

    @Test
    void aSizeThatLies() throws Exception {
        withLiar(liar -> {
            liar.announce(m.rawInfo().length + 100);
            assertTrue(liar.answerUntilClosed(piece -> data(piece, m.rawInfo().length + 100,
                    noise(pieceLength(m.rawInfo().length + 100, piece)))), "banned once its metadata fails the hash");
        });
    }

    @Test
    void wrongMetadata() throws Exception {
        withLiar(liar -> {
            liar.announce(m.rawInfo().length);
            assertTrue(liar.answerUntilClosed(piece -> data(piece, m.rawInfo().length,
                    noise(pieceLength(m.rawInfo().length, piece)))), "banned once its metadata fails the hash");
        });
    }

    @Test
    void anOversizedPiece() throws Exception {
        withLiar(liar -> {
            liar.announce(m.rawInfo().length);
            assertTrue(liar.answerUntilClosed(piece -> data(piece, m.rawInfo().length,
                    noise(MetadataMessage.PIECE_SIZE + 1000))), "dropped for a piece longer than 16 KiB");
        });
    }

    @Test
    void unsolicitedData() throws Exception {
        withLiar(liar -> {
            liar.announce(m.rawInfo().length);
            liar.send(data(7, m.rawInfo().length, noise(100))); // a piece nobody asked for, and none that exists
            assertTrue(liar.peer.closedWithin(Duration.ofSeconds(20)), "dropped for data it was not asked for");
        });
    }

    interface LiarScript {
        void run(Liar liar) throws Exception;
    }

    /**
     * Adds the torrent by info-hash, lets the liar play its part first, then adds the honest seeder: the torrent
     * must get its metadata from the seeder and complete.
     */
    private void withLiar(LiarScript script) throws Exception {
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().useTrackers(false).seedForever())
                    .completion().get(30, TimeUnit.SECONDS);
            TorrentHandle t = leecher.add(m.infoHash(), tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            try (RawPeer peer = RawPeer.connect(leecher.listenPort(), "-XX0001-metaliar0001")) {
                Liar liar = new Liar(peer);
                peer.sendHandshake(m.infoHash(), false, true);
                assertEquals(m.infoHash(), peer.readHandshake());
                script.run(liar);
            }
            assertNull(t.metainfo(), "nothing the liar sent was taken for metadata");
            t.addPeers(List.of(Swarms.local(seeder)));
            t.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo());
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech"), true);
        }
    }

    /** A raw peer that speaks just enough ut_metadata to lie in it. */
    static final class Liar {
        final RawPeer peer;
        private int theirId;

        Liar(RawPeer peer) {
            this.peer = peer;
        }

        void announce(long metadataSize) throws IOException {
            peer.send(RawPeer.EXTENDED, extended(0, BencodeWriter.encode(
                    Map.of("m", Map.of("ut_metadata", OUR_METADATA_ID), "metadata_size", metadataSize))));
            while (theirId == 0) {
                RawPeer.Message msg = peer.readUntil(RawPeer.EXTENDED);
                if (msg.payload()[0] == 0) {
                    Map<String, Object> d = BencodeReader.dictionary(msg.payload(), 1, msg.payload().length - 1);
                    theirId = ((Long) ((Map<?, ?>) d.get("m")).get("ut_metadata")).intValue();
                }
            }
        }

        void send(MetadataMessage message) throws IOException {
            peer.send(RawPeer.EXTENDED, extended(theirId, message.encode()));
        }

        /**
         * Answers each of the leecher's requests with what {@code answer} makes of its piece index until the
         * leecher closes the connection (true) or sends nothing for 10 s (false).
         */
        boolean answerUntilClosed(java.util.function.IntFunction<MetadataMessage> answer) throws IOException {
            try {
                while (true) {
                    RawPeer.Message msg = peer.readUntil(RawPeer.EXTENDED);
                    if (msg.payload()[0] == OUR_METADATA_ID) {
                        Map<String, Object> d = BencodeReader.dictionary(msg.payload(), 1, msg.payload().length - 1);
                        if (((Long) d.get("msg_type")) == 0) {
                            send(answer.apply(((Long) d.get("piece")).intValue()));
                        }
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // end of stream or reset: the leecher dropped us
            }
        }
    }

    static MetadataMessage data(int piece, int total, byte[] bytes) {
        return new MetadataMessage.Data(piece, total, bytes);
    }

    private static int pieceLength(int total, int piece) {
        return Math.min(MetadataMessage.PIECE_SIZE, total - piece * MetadataMessage.PIECE_SIZE);
    }

    private static byte[] noise(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    private static byte[] extended(int id, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
