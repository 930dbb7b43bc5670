package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.metainfo.TorrentCreator.MetaVersion;

/**
 * A BEP 52 hybrid torrent's v1 half with Debian's aria2c, which speaks only v1. aria2c 1.36 does not take a hybrid
 * .torrent as it is: it re-encodes the info dictionary, losing the file tree's empty keys, and so names the torrent by
 * another SHA-1 (ef79... for the libtorrent fixture instead of 82de...), and Transmission 3.00 cannot parse one at all.
 * So aria2c seeds the v1 half of our hybrid, the same info dictionary without the file tree and meta version: the same
 * files, BEP 47 pad files (which aria2c, knowing no attributes, is given as files of zeros) and SHA-1 pieces, which it
 * checks. We download that bit-exact; then the hybrid torrent itself checks the same data complete by both its SHA-1
 * and its merkle trees.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HybridInteropTest {

    @TempDir
    Path tmp;

    @Test
    void weDownloadAHybridTorrentsV1HalfFromAria2() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("big.bin", TestTorrents.randomBytes(3_000_000, 91));
        files.put("dir/small.bin", TestTorrents.randomBytes(5_000, 92));
        files.put("dir/tail.bin", TestTorrents.randomBytes(700_001, 93));
        Path seed = tmp.resolve("seed");
        TestTorrents.writeTree(seed.resolve("hybrid"), files);
        Metainfo hybrid = MetainfoReader.read(TorrentCreator.of(seed.resolve("hybrid")).pieceLength(64 * 1024)
                .metaVersion(MetaVersion.HYBRID).create().bytes());
        assertTrue(hybrid.hasV1() && hybrid.pieceLayers() != null && hybrid.files().stream().anyMatch(FileEntry::isPadding));
        Map<String, Object> info = new TreeMap<>(BencodeReader.dictionary(hybrid.rawInfo()));
        info.remove("file tree");
        info.remove("meta version");
        byte[] v1Half = BencodeWriter.encode(Map.of("info", info));
        Files.write(tmp.resolve("v1.torrent"), v1Half);
        Metainfo m = MetainfoReader.read(v1Half);
        assertEquals(hybrid.files(), m.files(), "the v1 half lists the hybrid's files, pad files included");
        for (FileEntry f : m.files()) {
            if (f.isPadding()) {
                Path pad = seed.resolve(f.relativePath());
                Files.createDirectories(pad.getParent());
                Files.write(pad, new byte[(int) f.length()]);
            }
        }
        int port = ExternalProgram.freeTcpPort();
        try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                tmp.resolve("v1.torrent"), seed, port, "--check-integrity=true", "--bt-seed-unverified=false",
                "--seed-ratio=0.0", "--bt-max-peers=10"));
             Session session = Session.open(Swarms.config(null))) {
            TorrentHandle t = session.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            // aria2c listens once it has checked its data; dial until it answers
            Swarms.awaitAnnouncing(t, () -> {
                if (t.peers().isEmpty()) {
                    t.addPeers(List.of(Swarms.local(port)));
                }
                return t.completion().isDone();
            }, Duration.ofSeconds(90), "our download from aria2c", aria2);
            t.completion().get();
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
            assertTrue(Files.notExists(tmp.resolve("leech/hybrid/.pad")), "we keep padding off the disk");
        }
        try (Session checker = Session.open(Swarms.config(null))) {
            TorrentHandle h = checker.add(hybrid, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            h.completion().get(60, TimeUnit.SECONDS);
            assertEquals(hybrid.pieceCount(), h.progress().verifiedPieces(), "SHA-1 and merkle trees agree");
        }
    }
}
