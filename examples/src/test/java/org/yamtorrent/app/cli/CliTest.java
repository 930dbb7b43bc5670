package org.yamtorrent.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;

/** The command line in this JVM: each command against real files, a real seeding engine and a real HTTP server. */
@Timeout(120)
class CliTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        return YamtorrentCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void createMakesATorrentThatInfoDescribes() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("album"));
        Files.write(dir.resolve("a.bin"), random(100_000, 1));
        Files.write(dir.resolve("b.bin"), random(50_000, 2));
        Path torrent = tmp.resolve("album.torrent");
        assertEquals(0, cli("create", dir.toString(), "--announce", "http://127.0.0.1:1/announce",
                "--announce", "http://127.0.0.1:2/announce", "-l", "32K", "-o", torrent.toString(),
                "--web-seed", "http://127.0.0.1:3/files/", "-w", "http://127.0.0.1:4/files/"), err::toString);
        Metainfo m = new MetainfoReader().parse(torrent);
        assertEquals(32 * 1024, m.pieceLength());
        assertEquals(java.util.List.of("http://127.0.0.1:3/files/", "http://127.0.0.1:4/files/"), m.urlList());
        assertTrue(out.toString().contains("info-hash " + m.infoHash().hex()), out::toString);

        out.getBuffer().setLength(0);
        assertEquals(0, cli("info", torrent.toString()), err::toString);
        String info = out.toString();
        assertTrue(info.contains("name: album\n"), info);
        assertTrue(info.contains("info-hash: " + m.infoHash().hex()), info);
        assertTrue(info.contains("size: 150000 "), info);
        assertTrue(info.contains("pieces: 5 x 32768 bytes"), info);
        assertTrue(info.contains("tracker: http://127.0.0.1:2/announce (tier 2)"), info);
        assertTrue(info.contains("file: album/a.bin (100000 bytes)") && info.contains("file: album/b.bin (50000 bytes)"), info);
    }

    @Test
    void infoOfAMagnetLinkNamesItsParts() {
        String hash = "0123456789abcdef0123456789abcdef01234567";
        assertEquals(0, cli("info", "magnet:?xt=urn:btih:" + hash + "&dn=film&tr=http%3A%2F%2Ft%2Fannounce&xl=42",
                "--timeout", "0"));
        assertEquals("info-hash: " + hash + "\nname: film\nsize: 42 (42 B)\ntracker: http://t/announce\n",
                out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void exitCodesTellWhatWentWrong() throws Exception {
        assertEquals(66, cli("info", tmp.resolve("missing.torrent").toString()));
        assertTrue(err.toString().contains("no such file: " + tmp.resolve("missing.torrent")), err::toString);
        Path junk = Files.writeString(tmp.resolve("junk.torrent"), "not bencode");
        assertEquals(65, cli("info", junk.toString()));
        assertEquals(65, cli("info", "magnet:?xt=urn:btih:nothex"));
        assertEquals(1, cli("download", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=nobody",
                "-d", tmp.resolve("nobody").toString(), "--port", "0", "--listen", "127.0.0.1", "--timeout", "2"));
        assertTrue(err.toString().contains("nobody did not complete within 2 s"), err::toString);
        assertEquals(1, cli("info", "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567", "--port", "0",
                "--listen", "127.0.0.1", "--timeout", "1"));
        assertTrue(err.toString().contains("no metadata for 0123456789abcdef0123456789abcdef01234567 within 1 s"), err::toString);
        assertEquals(2, cli("download"));
        assertEquals(2, cli("create", tmp.toString()));
        assertTrue(err.toString().contains("Missing required option: '--announce=URL'"), err::toString);
        assertEquals(2, cli("download", junk.toString(), "--peer", "nohost"));
        assertEquals(2, cli("frobnicate"));
        assertEquals(2, cli("download", junk.toString(), "--max-download-rate", "fast"));
        assertEquals(2, cli("seed", junk.toString(), tmp.toString(), "--max-upload-rate", "-1"));
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] { "download", "create", "seed", "info" }) {
            out.getBuffer().setLength(0);
            assertEquals(0, cli(command, "--help"));
            assertTrue(out.toString().startsWith("Usage: yamtorrent " + command), out::toString);
            out.getBuffer().setLength(0);
            assertEquals(0, cli("help", command));
            assertTrue(out.toString().startsWith("Usage: yamtorrent " + command), out::toString);
        }
        out.getBuffer().setLength(0);
        assertEquals(0, cli("--help"));
        assertTrue(out.toString().contains("Exit codes:") && out.toString().contains("65"), out::toString);
    }

    /**
     * The .torrent comes from an HTTP URL, the data from a seeding engine given as a peer, at most 1 MiB/s; plain
     * progress lines.
     */
    @Test
    void downloadFetchesTheTorrentByUrlAndTheDataFromAPeer() throws Exception {
        byte[] data = random(3 * 1024 * 1024 + 11, 3);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.write(seedDir.resolve("data.bin"), data);
        Path torrent = tmp.resolve("data.torrent");
        assertEquals(0, cli("create", seedDir.resolve("data.bin").toString(), "-a", "http://127.0.0.1:1/announce",
                "-l", "64K", "-o", torrent.toString()));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/data.torrent", x -> {
            byte[] body = Files.readAllBytes(torrent);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.start();
        try (Session seeder = Session.open(new SessionConfig().listenAddress(InetAddress.getLoopbackAddress()).listenPort(0)
                .minAnnounceInterval(Duration.ofSeconds(1)))) {
            seeder.add(new MetainfoReader().parse(torrent), seedDir, new TorrentOptions().seedForever())
                    .completion().get(30, TimeUnit.SECONDS);
            out.getBuffer().setLength(0);
            Path into = tmp.resolve("into");
            int code = cli("download", "http://127.0.0.1:" + http.getAddress().getPort() + "/data.torrent", "--dir",
                    into.toString(), "--peer", "127.0.0.1:" + seeder.listenPort(), "--port", "0", "--listen", "127.0.0.1",
                    "--timeout", "90", "--progress-interval", "1", "--max-download-rate", "1M");
            assertEquals(0, code, () -> out + "\n" + err);
            assertArrayEquals(data, Files.readAllBytes(into.resolve("data.bin")));
            String printed = out.toString();
            assertTrue(printed.contains("downloaded data.bin: " + data.length + " bytes in "), printed);
            java.util.regex.Matcher took = java.util.regex.Pattern.compile(" bytes in (\\d+\\.\\d+) s").matcher(printed);
            assertTrue(took.find() && Double.parseDouble(took.group(1)) >= 2,
                    "3 MiB at --max-download-rate 1M takes about 2.75 s: " + printed);
            assertTrue(printed.lines().anyMatch(l -> l.matches("data\\.bin +\\d+\\.\\d% .* peers  ETA .*")), printed);
            assertFalse(printed.contains("\r"), "no terminal, no carriage returns: " + printed);
        } finally {
            http.stop(0);
        }
    }

    /** A magnet link with a seeding engine as its x.pe: info lists the metadata the seed sent, download the data. */
    @Test
    void aMagnetLinkGetsItsMetadataFromItsPeer() throws Exception {
        byte[] data = random(300_000, 5);
        Path seedDir = Files.createDirectories(tmp.resolve("mseed"));
        Files.write(seedDir.resolve("film.bin"), data);
        Path torrent = tmp.resolve("film.torrent");
        assertEquals(0, cli("create", seedDir.resolve("film.bin").toString(), "-a", "http://127.0.0.1:1/announce",
                "-l", "32K", "-o", torrent.toString()));
        Metainfo m = new MetainfoReader().parse(torrent);
        try (Session seeder = Session.open(new SessionConfig().listenAddress(InetAddress.getLoopbackAddress()).listenPort(0))) {
            seeder.add(m, seedDir, new TorrentOptions().seedForever().useTrackers(false)).completion().get(30, TimeUnit.SECONDS);
            String magnet = "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&x.pe=127.0.0.1:" + seeder.listenPort();
            out.getBuffer().setLength(0);
            assertEquals(0, cli("info", magnet, "--port", "0", "--listen", "127.0.0.1", "--timeout", "60"), err::toString);
            assertTrue(out.toString().contains("name: film.bin") && out.toString().contains("pieces: 10 x 32768 bytes"),
                    out::toString);
            Path into = tmp.resolve("minto");
            assertEquals(0, cli("download", magnet, "-d", into.toString(), "--port", "0", "--listen", "127.0.0.1",
                    "--timeout", "60"), () -> out + " / " + err);
            assertArrayEquals(data, Files.readAllBytes(into.resolve("film.bin")));
        }
    }

    @Test
    void aDownloadWithNoPeerGivesUpAtItsTimeout() throws Exception {
        Path file = Files.write(tmp.resolve("lonely.bin"), random(100_000, 4));
        Path torrent = tmp.resolve("lonely.torrent");
        assertEquals(0, cli("create", file.toString(), "-a", "http://127.0.0.1:1/announce", "-o", torrent.toString()));
        assertEquals(1, cli("download", torrent.toString(), "-d", tmp.resolve("into").toString(), "--port", "0",
                "--listen", "127.0.0.1", "--timeout", "2"));
        assertTrue(err.toString().contains("lonely.bin did not complete within 2 s"), err::toString);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
