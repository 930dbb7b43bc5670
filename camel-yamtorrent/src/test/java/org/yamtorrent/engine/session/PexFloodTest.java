package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.pex.PexMessage;
import org.yamtorrent.engine.pex.PexPeer;
import org.yamtorrent.engine.pex.PexReceiver;

/**
 * A raw peer floods our leecher with 10,000 peers through ut_pex, then sends a PEX message over the size limit: the
 * leecher keeps at most {@link PexReceiver#MAX_KNOWN} of them, drops the flooder, and completes bit-exact from the
 * honest seeder.
 */
@Timeout(120)
class PexFloodTest {

    @TempDir
    Path tmp;

    @Test
    void tenThousandPeersThroughPexAreCappedAndTheHonestSeederCompletes() throws Exception {
        byte[] data = TestTorrents.randomBytes(1024 * 1024 - 77, 5);
        Metainfo m = TestTorrents.singleFile("payload.bin", data, 64 * 1024);
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/payload.bin"), data);
        try (Session seeder = Session.open(Swarms.config(null));
             Session victim = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().useTrackers(false).seedForever())
                    .completion().get(30, TimeUnit.SECONDS);
            TorrentHandle leech = victim.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            Swarms.waitFor(() -> leech.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "leecher ready");
            try (RawPeer flooder = RawPeer.connect(victim.listenPort(), "-XX0001-pexflood")) {
                flooder.sendHandshake(m.infoHash(), false, true);
                assertEquals(m.infoHash(), flooder.readHandshake());
                flooder.send(RawPeer.EXTENDED, extended(0, Map.of("m", Map.of("ut_pex", 1), "p", 9)));
                int theirPex = pexId(flooder);
                for (int batch = 0; batch < 100; batch++) {
                    flooder.send(RawPeer.EXTENDED, extendedRaw(theirPex, new PexMessage(peers(batch), List.of()).encode()));
                }
                Swarms.waitFor(() -> !leech.knownPeers(PeerSource.PEX).isEmpty(), Duration.ofSeconds(20), "the first PEX message read");
                flooder.send(RawPeer.EXTENDED, extendedRaw(theirPex, new byte[PexMessage.MAX_BYTES + 1]));
                assertTrue(flooder.closedWithin(Duration.ofSeconds(20)), "an oversized ut_pex message drops the peer");
            }
            int learned = leech.knownPeers(PeerSource.PEX).size();
            assertTrue(learned <= PexReceiver.MAX_KNOWN, "learned " + learned + " of 10,000");
            leech.addPeers(List.of(Swarms.local(seeder)));
            leech.completion().get(60, TimeUnit.SECONDS);
            assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech/payload.bin")), "bit-exact payload");
        }
    }

    /** 100 peers on closed ports of 127.1.0.0/16, which refuse a dial at once. */
    private static List<PexPeer> peers(int batch) throws IOException {
        List<PexPeer> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = batch * 100 + i;
            InetAddress a = InetAddress.getByAddress(new byte[] {127, 1, (byte) (n >> 8), (byte) n});
            out.add(new PexPeer(new InetSocketAddress(a, 9), 0));
        }
        return out;
    }

    /** The id the victim chose for ut_pex, from its extension handshake. */
    private static int pexId(RawPeer peer) throws IOException {
        while (true) {
            RawPeer.Message msg = peer.readUntil(RawPeer.EXTENDED);
            if (msg.payload()[0] == 0) {
                Map<String, Object> d = BencodeReader.dictionary(msg.payload(), 1, msg.payload().length - 1);
                return ((Long) ((Map<?, ?>) d.get("m")).get("ut_pex")).intValue();
            }
        }
    }

    private static byte[] extended(int id, Map<String, Object> dictionary) {
        return extendedRaw(id, BencodeWriter.encode(dictionary));
    }

    private static byte[] extendedRaw(int id, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
