package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.NetnsHosts;
import org.yamtorrent.engine.Opentracker;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.wire.Encryption;

/**
 * Our engine and Debian's Transmission 3.00 exchange a multi-file torrent on 127.0.0.1 in both directions through
 * opentracker, the daemon also with encryption required. Transmission never dials peers on 127.0.0.0/8, so we always dial it, after learning its address
 * from the tracker; and it creates no zero-length files, so only non-empty files are compared on its side.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransmissionInteropTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void weDownloadFromTransmissionDaemon() throws Exception {
        downloadFromDaemon(Encryption.PREFER);
    }

    /**
     * transmission-daemon with encryption required ({@code -er}) seeds and we leech with {@code encryption=require}:
     * neither side lets a plaintext connection through, so the download completes over MSE/RC4 or not at all.
     */
    @Test
    void weDownloadFromTransmissionDaemonWithEncryptionRequired() throws Exception {
        downloadFromDaemon(Encryption.REQUIRE, "--encryption-required");
    }

    private void downloadFromDaemon(Encryption ours, String... daemonOptions) throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.TRANSMISSION_DAEMON, ExternalProgram.TRANSMISSION_REMOTE);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = payload(seed, tracker.httpAnnounce());
            tracker.start(m.infoHash());
            int rpcPort = ExternalProgram.freeTcpPort();
            try (ExternalProgram daemon = startDaemon(rpcPort, daemonOptions);
                 Session session = Session.open(Swarms.config(null).encryption(ours))) {
                remote(rpcPort, "--add", tmp.resolve("t.torrent").toString(), "--download-dir", seed.toString());
                // Only our announce can bring us together (Transmission does not dial 127.0.0.1), and opentracker's
                // min interval of about 15 minutes allows us no second one: the daemon must be known to it first.
                daemon.await(() -> remote(rpcPort, "--torrent", "1", "--info-trackers").contains("Tracker had 1 seeders"),
                        Duration.ofSeconds(60), "the daemon to announce itself as a seed");
                TorrentHandle t = session.add(m, tmp.resolve("leech"), new TorrentOptions());
                Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofSeconds(120), "our download", daemon);
                t.completion().get();
                Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
            }
        }
    }

    /**
     * A magnet link with only the tracker ({@code tr=}): transmission-daemon seeds, we know the info-hash alone,
     * find the daemon through opentracker, fetch the metadata from it (ut_metadata) and then the payload.
     */
    @Test
    void weFetchAMagnetFromTransmissionDaemon() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.TRANSMISSION_DAEMON, ExternalProgram.TRANSMISSION_REMOTE);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            Metainfo m = payload(seed, tracker.httpAnnounce());
            tracker.start(m.infoHash());
            int rpcPort = ExternalProgram.freeTcpPort();
            try (ExternalProgram daemon = startDaemon(rpcPort);
                 Session session = Session.open(Swarms.config(null))) {
                remote(rpcPort, "--add", tmp.resolve("t.torrent").toString(), "--download-dir", seed.toString());
                daemon.await(() -> remote(rpcPort, "--torrent", "1", "--info-trackers").contains("Tracker had 1 seeders"),
                        Duration.ofSeconds(60), "the daemon to announce itself as a seed");
                MagnetUri magnet = MagnetUri.parse("magnet:?xt=urn:btih:" + m.infoHash().hex() + "&tr="
                        + URLEncoder.encode(tracker.httpAnnounce().toString(), StandardCharsets.UTF_8));
                TorrentHandle t = session.add(magnet.infoHash(), tmp.resolve("leech"), new TorrentOptions().magnet(magnet));
                Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofSeconds(120), "our magnet download", daemon);
                t.completion().get();
                assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo(), "the daemon's metadata, checked by its hash");
                Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
            }
        }
    }

    @Test
    void transmissionCliDownloadsFromUs() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.TRANSMISSION_CLI);
        try (Opentracker tracker = Opentracker.in(tmp.resolve("opentracker"))) {
            Path seed = tmp.resolve("seed");
            // over UDP, with no min interval, we may announce each second until the tracker knows transmission-cli
            Metainfo m = payload(seed, tracker.udpAnnounce());
            tracker.start(m.infoHash());
            try (Session session = Session.open(Swarms.config(null))) {
                TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever());
                t.completion().get(30, TimeUnit.SECONDS);
                Path leech = Files.createDirectories(tmp.resolve("leech"));
                try (ExternalProgram cli = startCli(tmp.resolve("t.torrent"), leech)) {
                    // transmission-cli keeps running as a seed; its status line says so once all is verified
                    Swarms.awaitAnnouncing(t, () -> logContains(cli, "Seeding"), Duration.ofSeconds(120),
                            "transmission-cli's download", cli);
                }
                Swarms.assertSamePayload(m, seed, leech, false);
                assertTrue(t.progress().uploaded() >= m.totalLength(), "we uploaded " + t.progress().uploaded());
            }
        }
    }

    /** transmission-cli downloading {@code torrent} into {@code dir}, with its own configuration and peer port. */
    static ExternalProgram startCli(Path torrent, Path dir) throws Exception {
        return startCli(torrent, dir, null);
    }

    /** As {@link #startCli(Path, Path)}, on {@code host} (its own network namespace and address; null: loopback). */
    static ExternalProgram startCli(Path torrent, Path dir, NetnsHosts.Host host) throws Exception {
        return startCli(torrent, dir, host, ExternalProgram.freeTcpPort());
    }

    /** As {@link #startCli(Path, Path, NetnsHosts.Host)}, on peer port {@code port}, with more {@code options}. */
    static ExternalProgram startCli(Path torrent, Path dir, NetnsHosts.Host host, int port, String... options)
            throws Exception {
        Path home = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-transmission"));
        ExternalProgram.transmissionSettings(home.resolve("config"), port, host == null ? "127.0.0.1" : host.address);
        List<String> command = new ArrayList<>(List.of(ExternalProgram.TRANSMISSION_CLI, "-g",
                home.resolve("config").toString(), "-w", dir.toString(), "-p", String.valueOf(port), "-M"));
        command.addAll(List.of(options));
        command.add(torrent.toString());
        return ExternalProgram.start(home.resolve("transmission-cli.log"), host == null ? command : host.command(command));
    }

    static boolean logContains(ExternalProgram p, String text) {
        try {
            return p.log().contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh transmission-daemon in the foreground, its configuration in the temporary directory. */
    private ExternalProgram startDaemon(int rpcPort, String... options) throws Exception {
        Path config = tmp.resolve("daemon");
        ExternalProgram.transmissionSettings(config, ExternalProgram.freeTcpPort());
        List<String> command = new ArrayList<>(List.of(ExternalProgram.TRANSMISSION_DAEMON, "--foreground",
                "--config-dir", config.toString(), "--port", String.valueOf(rpcPort), "--rpc-bind-address", "127.0.0.1",
                "--no-auth", "--allowed", "127.0.0.1", "--no-portmap", "--no-dht", "--no-lpd", "--no-utp"));
        command.addAll(List.of(options));
        ExternalProgram daemon = ExternalProgram.start(tmp.resolve("transmission-daemon.log"), command);
        daemon.await(() -> ExternalProgram.listening(rpcPort), Duration.ofSeconds(20), "transmission-daemon's RPC port");
        return daemon;
    }

    private String remote(int rpcPort, String... args) {
        List<String> command = new ArrayList<>(List.of(ExternalProgram.TRANSMISSION_REMOTE, "127.0.0.1:" + rpcPort));
        command.addAll(List.of(args));
        try {
            return ExternalProgram.run(Files.createDirectories(tmp.resolve("remote")).resolve("remote.log"),
                    Duration.ofSeconds(30), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** About 16 MiB in a few files under {@code dir}/interop, and its torrent in t.torrent. */
    private Metainfo payload(Path dir, URI announce) throws Exception {
        return payload(dir, announce, tmp.resolve("t.torrent"));
    }

    /** About 16 MiB in a few files under {@code dir}/interop (one of them empty), and its torrent in {@code torrent}. */
    static Metainfo payload(Path dir, URI announce, Path torrent) throws Exception {
        Path root = dir.resolve("interop");
        Swarms.writeRandomFile(root.resolve("movie.bin"), 12L * MIB + 999, 21);
        Files.createFile(root.resolve("empty.dat"));
        Swarms.writeRandomFile(root.resolve("extras/a.txt"), 7_000, 22);
        Swarms.writeRandomFile(root.resolve("extras/b.bin"), 4L * MIB - 7_999, 23);
        return Swarms.createTorrent(root, announce.toString(), 128 * 1024, torrent);
    }
}
