package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.wire.MessageId;

/**
 * BEP 52 hash transfer against a seeding session, from a raw socket that handshakes with the v2-only torrent's
 * truncated SHA-256: a hash request for the piece layer gets the hashes of the file's layer and the proof, one for
 * the leaf layer a hash reject with the same range, and a flood of requests closes the connection.
 */
@Timeout(60)
class HashServingTest {

    private static final int PIECE = 32 * 1024;

    @TempDir
    Path tmp;

    @Test
    void hashRequestsAreAnsweredFromThePieceLayers() throws Exception {
        Path file = tmp.resolve("nine.bin");
        Files.write(file, TestTorrents.randomBytes(9 * PIECE - 100, 3));
        Metainfo m = MetainfoReader.read(TorrentCreator.of(file).pieceLength(PIECE)
                .metaVersion(TorrentCreator.MetaVersion.V2).create().bytes());
        byte[] root = m.pieceLayers().piecesRoot(0);
        byte[] layer = m.pieceLayers().layer(root);
        try (Session seeder = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp, new TorrentOptions().seedForever().useTrackers(false)).completion()
                    .get(30, TimeUnit.SECONDS);
            try (RawPeer peer = RawPeer.connect(seeder.listenPort(), "-XX0001-v2")) {
                peer.sendHandshake(m.infoHash(), true);
                assertEquals(m.infoHash(), peer.readHandshake(), "the truncated v2 info-hash names the torrent");
                byte[] range = range(root, 1, 4, 4, 3);
                peer.send(MessageId.HASH_REQUEST, range);
                RawPeer.Message hashes = peer.readUntil(MessageId.HASHES);
                assertArrayEquals(range, Arrays.copyOfRange(hashes.payload(), 0, 48), "the range it answers");
                assertEquals(48 + (4 + 2) * 32, hashes.payload().length, "four hashes and two uncles");
                assertArrayEquals(Arrays.copyOfRange(layer, 4 * 32, 8 * 32), Arrays.copyOfRange(hashes.payload(), 48, 48 + 4 * 32));

                byte[] leaves = range(root, 0, 0, 2, 0);
                peer.send(MessageId.HASH_REQUEST, leaves);
                assertArrayEquals(leaves, peer.readUntil(MessageId.HASH_REJECT).payload(), "leaf hashes need the data");

                try {
                    for (int i = 0; i < 200; i++) {
                        peer.send(MessageId.HASH_REQUEST, range);
                    }
                } catch (java.io.IOException e) {
                    // dropped before the flood ended
                }
                assertTrue(peer.closedWithin(Duration.ofSeconds(20)), "a flood of hash requests is dropped");
            }
        }
    }

    private static byte[] range(byte[] root, int base, int index, int length, int proof) {
        return ByteBuffer.allocate(48).put(root).putInt(base).putInt(index).putInt(length).putInt(proof).array();
    }
}
