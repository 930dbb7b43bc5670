package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.Opentracker;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * ut_metadata and ut_pex with Debian's aria2c on 127.0.0.1: aria2c fetches our seeder's metadata from a magnet
 * link, we download aria2c's seed from a magnet link (metadata through ut_metadata), and our leecher that knows only aria2c learns our seeder through
 * aria2c's PEX and completes.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MagnetInteropTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aria2FetchesOurMetadataByMagnet() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C, ExternalProgram.OPENTRACKER);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = manyFiles(seed, tracker);
            tracker.start(m.infoHash());
            try (Session session = Session.open(Swarms.config(null))) {
                TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever());
                t.completion().get(30, TimeUnit.SECONDS);
                Path out = Files.createDirectories(tmp.resolve("aria2"));
                String magnet = "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&tr=" + tracker.httpAnnounce();
                try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                        magnet, out, ExternalProgram.freeTcpPort(), "--bt-metadata-only=true", "--bt-save-metadata=true"))) {
                    Swarms.awaitAnnouncing(t, () -> !aria2.isAlive(), Duration.ofSeconds(90), "aria2c's metadata fetch");
                    assertEquals(0, aria2.exitValue(), aria2.log());
                }
                Metainfo fetched = new MetainfoReader().parse(out.resolve(m.infoHash().hex() + ".torrent"));
                assertEquals(m.infoHash(), fetched.infoHash());
                assertArrayEquals(m.rawInfo(), fetched.rawInfo(), "aria2c got our info dictionary byte for byte");
                assertTrue(m.rawInfo().length > 2 * 16 * 1024, "the metadata spans several pieces: " + m.rawInfo().length);
            }
        }
    }

    /**
     * A magnet link through a tracker: aria2c seeds, found through opentracker; our session, given only the
     * info-hash and {@code tr=}, fetches the metadata from aria2c, saves it beside the resume record and downloads
     * bit-exact. A new session with the same resume directory starts from the saved .torrent with no peer at all.
     */
    @Test
    void weFetchAMagnetFromAria2ThroughTheTracker() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C, ExternalProgram.OPENTRACKER);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = manyFiles(seed, tracker);
            tracker.start(m.infoHash());
            MagnetUri magnet = MagnetUri.parse("magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=many&tr="
                    + tracker.httpAnnounce());
            Path resume = tmp.resolve("resume");
            try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                    tmp.resolve("t.torrent"), seed, ExternalProgram.freeTcpPort(), "--check-integrity=true",
                    "--bt-seed-unverified=false", "--seed-ratio=0.0", "--bt-max-peers=10"));
                 Session session = Session.open(Swarms.config(resume))) {
                TorrentHandle t = session.add(magnet.infoHash(), tmp.resolve("leech"), new TorrentOptions().magnet(magnet));
                assertEquals(TorrentState.FETCHING_METADATA, t.state());
                assertEquals("many", t.name());
                Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofSeconds(90), "the magnet from aria2c", aria2);
                t.completion().get();
                assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo(), "aria2c's info dictionary, verified by its hash");
                assertEquals(java.util.List.of(java.util.List.of(tracker.httpAnnounce().toString())),
                        t.metainfo().trackerTiers(), "the magnet's tracker is in the .torrent");
            }
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
            assertTrue(Files.exists(resume.resolve(m.infoHash().hex() + ".torrent")), "saved beside the resume record");
            try (Session again = Session.open(Swarms.config(resume))) {
                TorrentHandle t = again.add(magnet.infoHash(), tmp.resolve("leech"),
                        new TorrentOptions().magnet(magnet).useTrackers(false));
                assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo(), "the saved metadata, with no peer");
                assertSame(t, t.completion().get(30, TimeUnit.SECONDS));
            }
        }
    }

    /** A magnet link with no tracker: aria2c seeds, our session is told only the info-hash and {@code x.pe}. */
    @Test
    void weFetchAMagnetFromAria2ByItsPeerAlone() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Path seed = tmp.resolve("seed");
        Swarms.writeRandomFile(seed.resolve("pe.bin"), 3L * MIB + 11, 23);
        Metainfo m = Swarms.createTorrent(seed.resolve("pe.bin"), null, 64 * 1024, tmp.resolve("pe.torrent"));
        int aria2Port = ExternalProgram.freeTcpPort();
        try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                tmp.resolve("pe.torrent"), seed, aria2Port, "--check-integrity=true", "--bt-seed-unverified=false",
                "--seed-ratio=0.0", "--bt-max-peers=10"));
             Session session = Session.open(Swarms.config(null))) {
            MagnetUri magnet = MagnetUri.parse("magnet:?xt=urn:btih:" + m.infoHash().hex() + "&x.pe=127.0.0.1:" + aria2Port);
            TorrentHandle t = session.add(magnet.infoHash(), tmp.resolve("leech"), new TorrentOptions().magnet(magnet));
            Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofSeconds(90), "the magnet from aria2c", aria2);
            t.completion().get();
            assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo());
        }
        Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
    }

    /**
     * aria2c leaves a peer out of the PEX it sends to a peer of the same IP address, and every connection over
     * loopback comes from 127.0.0.1: so our seeder listens on 127.0.0.2 and is announced there (our embedded
     * tracker takes {@code ip} from loopback), where aria2c dials it.
     */
    @Test
    void weLearnASecondPeerFromAria2sPexAndComplete() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        InetSocketAddress seederAddress;
        try (EmbeddedTracker tracker = EmbeddedTracker.start();
             Session seeder = Session.open(Swarms.config(null).listenAddress(InetAddress.getByName("127.0.0.2")));
             Session leecher = Session.open(Swarms.config(null))) {
            Path seed = tmp.resolve("seed");
            Swarms.writeRandomFile(seed.resolve("pex.bin"), 6L * MIB, 22);
            Metainfo m = Swarms.createTorrent(seed.resolve("pex.bin"), tracker.announceUrl().toString(), 64 * 1024,
                    tmp.resolve("t.torrent"));
            TorrentHandle s = seeder.add(m, seed, new TorrentOptions().useTrackers(false).seedForever());
            s.completion().get(30, TimeUnit.SECONDS);
            seederAddress = new InetSocketAddress("127.0.0.2", seeder.listenPort());
            announce(tracker, m, seederAddress);
            // aria2c meets our seeder through the tracker, and downloads slowly so that it stays a leecher
            int aria2Port = ExternalProgram.freeTcpPort();
            try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), ExternalProgram.aria2c(
                    tmp.resolve("t.torrent"), Files.createDirectories(tmp.resolve("aria2")), aria2Port,
                    "--enable-peer-exchange=true", "--max-download-limit=40K", "--seed-time=0", "--bt-max-peers=10"))) {
                Swarms.waitFor(() -> s.progress().peers() > 0, Duration.ofSeconds(30), "aria2c at our seeder");
                TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false)
                        .addStaticPeer(Swarms.local(aria2Port)));
                Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofSeconds(100), "our download", aria2);
                t.completion().get();
                assertTrue(t.knownPeers(PeerSource.PEX).contains(seederAddress),
                        "aria2c's PEX named our seeder: " + t.knownPeers(PeerSource.PEX));
                assertTrue(s.progress().uploaded() > m.totalLength() / 2,
                        "most of it came from the seeder learned through PEX: " + s.progress().uploaded());
            }
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
        }
    }

    /** Announces a seeder at {@code at}, as a client behind that address would. */
    private static void announce(EmbeddedTracker tracker, Metainfo m, InetSocketAddress at) throws Exception {
        StringBuilder hash = new StringBuilder();
        for (byte b : m.infoHash().bytes()) {
            hash.append(String.format("%%%02x", b & 0xff));
        }
        URI uri = URI.create(tracker.announceUrl() + "?info_hash=" + hash + "&peer_id=-YT0000-pexseeder000"
                + "&port=" + at.getPort() + "&ip=" + at.getHostString() + "&uploaded=0&downloaded=0&left=0"
                + "&event=started&compact=1");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /** Metadata of several pieces: 800 files with long names make an info dictionary of about 48 KB. */
    private Metainfo manyFiles(Path seed, Opentracker tracker) throws Exception {
        for (int i = 0; i < 800; i++) {
            Swarms.writeRandomFile(seed.resolve("many/file-with-a-longish-name-" + i + ".bin"), 100 + i, i);
        }
        return Swarms.createTorrent(seed.resolve("many"), tracker.httpAnnounce().toString(), 16 * 1024,
                tmp.resolve("t.torrent"));
    }
}
