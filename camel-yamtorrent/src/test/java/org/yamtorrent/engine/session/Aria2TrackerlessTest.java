package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * Interop with Debian's aria2c over the DHT alone, on 127.0.0.1: no tracker in the torrent, no {@code tr=} or
 * {@code x.pe=} in the magnet, aria2c's DHT entry point is our session's DHT node and nothing else. aria2c seeds and
 * our session fetches the torrent by its info-hash (metadata over ut_metadata from the peer the DHT named); our
 * session seeds and aria2c fetches a bare magnet. Both bit-exact.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class Aria2TrackerlessTest {

    @TempDir
    Path tmp;

    private final byte[] payload = TestTorrents.randomBytes(2 * 1024 * 1024 + 17, 61);

    private Metainfo torrent(Path seedDir) throws Exception {
        Files.createDirectories(seedDir);
        Files.write(seedDir.resolve("trackerless.bin"), payload);
        byte[] bytes = TorrentCreator.of(seedDir.resolve("trackerless.bin")).pieceLength(64 * 1024).create().bytes();
        Files.write(tmp.resolve("t.torrent"), bytes);
        Metainfo m = MetainfoReader.read(bytes);
        assertTrue(m.announce() == null && m.announceList().isEmpty(), "no tracker in the torrent");
        return m;
    }

    /** A session whose DHT has no bootstrap node: aria2c comes to it (ut_metadata is every session's). */
    private static Session session() {
        return Session.open(Swarms.config(null).dht(true).dhtPort(0).dhtBootstrapNodes(List.of()));
    }

    private List<String> aria2(String torrentOrMagnet, Path dir, Session ours, String... more) throws Exception {
        List<String> options = new ArrayList<>(List.of("--enable-dht=true",
                "--dht-listen-port=" + ExternalProgram.freeTcpAndUdpPort(),
                "--dht-entry-point=127.0.0.1:" + ours.hooks().dhtPort(),
                "--dht-file-path=" + tmp.resolve("aria2-dht.dat"), "--console-log-level=info"));
        options.addAll(List.of(more));
        return ExternalProgram.aria2c(torrentOrMagnet, dir, ExternalProgram.freeTcpPort(), options.toArray(String[]::new));
    }

    @Test
    void aria2SeedsAndWeFetchByInfoHashThroughTheDhtAlone() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Path seedDir = tmp.resolve("seed");
        Metainfo m = torrent(seedDir);
        try (Session ours = session();
             ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), aria2(
                     tmp.resolve("t.torrent").toString(), seedDir, ours, "--check-integrity=true", "--seed-ratio=0.0"))) {
            TorrentHandle t = ours.add(m.infoHash(), tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            Set<PeerSource> sources = ConcurrentHashMap.newKeySet();
            aria2.await(() -> {
                t.peers().forEach(p -> sources.add(p.source()));
                return t.completion().isDone();
            }, Duration.ofSeconds(120), "our download of aria2c's seed by info-hash");
            t.completion().get();
            assertTrue(sources.contains(PeerSource.DHT), "aria2c came from the DHT: " + sources);
            assertEquals(m.infoHash(), t.metainfo().infoHash());
            assertArrayEquals(payload, Files.readAllBytes(tmp.resolve("leech").resolve("trackerless.bin")));
        }
    }

    @Test
    void weSeedAndAria2FetchesABareMagnetThroughTheDhtAlone() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Metainfo m = torrent(tmp.resolve("seed"));
        Path out = Files.createDirectories(tmp.resolve("aria2"));
        try (Session ours = session()) {
            TorrentHandle seed = ours.add(m, tmp.resolve("seed"), new TorrentOptions().useTrackers(false).seedForever());
            seed.completion().get(30, TimeUnit.SECONDS);
            String magnet = "magnet:?xt=urn:btih:" + m.infoHash().hex();
            try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), aria2(magnet, out, ours,
                    "--seed-time=0", "--bt-save-metadata=false"))) {
                aria2.await(() -> !aria2.isAlive(), Duration.ofSeconds(120), "aria2c's download of the bare magnet");
                assertEquals(0, aria2.exitValue(), aria2.log());
            }
            assertTrue(seed.progress().uploaded() >= payload.length, "aria2c got it from us: " + seed.progress().uploaded());
        }
        assertArrayEquals(payload, Files.readAllBytes(out.resolve("trackerless.bin")));
    }
}
