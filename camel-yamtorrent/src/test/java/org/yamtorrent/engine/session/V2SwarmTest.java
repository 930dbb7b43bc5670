package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.metainfo.TorrentCreator.MetaVersion;

/**
 * BEP 52 torrents between two of our sessions: the v2-only one named on the wire by its truncated SHA-256, the
 * hybrid by its SHA-1; every piece is verified by its merkle tree (and the hybrid's by its SHA-1 too), including
 * the check of the seeder's existing data, which finds a corrupted file.
 */
@Timeout(120)
class V2SwarmTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = MetaVersion.class, names = {"V2", "HYBRID"})
    void twoSessionsExchangeAV2Torrent(MetaVersion version) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("big.bin", TestTorrents.randomBytes(1_000_000, 31));
        files.put("dir/small.bin", TestTorrents.randomBytes(5_000, 32));
        files.put("dir/piece.bin", TestTorrents.randomBytes(32768, 33));
        files.put("bad.bin", TestTorrents.randomBytes(100_000, 34));
        Path source = tmp.resolve("seed/v2set");
        TestTorrents.writeTree(source, files);
        TorrentCreator.Result created = TorrentCreator.of(source).pieceLength(32768).metaVersion(version).create();
        Metainfo m = MetainfoReader.read(created.bytes());
        assertEquals(version == MetaVersion.HYBRID, m.infoHash().hasV1());

        // the seeder's bad.bin differs in one byte: the check of existing data must not count that piece
        byte[] corrupted = files.get("bad.bin").clone();
        corrupted[40_000] ^= 1;
        Files.write(source.resolve("bad.bin"), corrupted);
        try (Session checker = Session.open(Swarms.config(null))) {
            TorrentHandle check = checker.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever());
            Swarms.waitFor(() -> check.progress().verifiedPieces() == m.pieceCount() - 1,
                    java.time.Duration.ofSeconds(30), "all but the corrupted piece verify");
        }
        Files.write(source.resolve("bad.bin"), files.get("bad.bin"));
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
            leecher.add(m, tmp.resolve("leech"), new TorrentOptions().addStaticPeer(Swarms.local(seeder)))
                    .completion().get(60, TimeUnit.SECONDS);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(tmp.resolve("leech/v2set/" + e.getKey())), e.getKey());
            }
            assertTrue(Files.notExists(tmp.resolve("leech/v2set/.pad")), "pad files stay off the disk");
        }
    }
}
