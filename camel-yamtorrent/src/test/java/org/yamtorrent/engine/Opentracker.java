package org.yamtorrent.engine;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Debian's opentracker on 127.0.0.1, HTTP and UDP on one free port. That build serves whitelisted info-hashes only:
 * {@link #allow} adds one and makes the running tracker re-read its list (SIGHUP). Its interval is about half an
 * hour, so peers learn of later peers only by announcing again.
 */
public final class Opentracker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private ExternalProgram program;

    private Opentracker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * An opentracker to run in {@code dir} (its chroot) on a free port, not started yet: its URLs are known, so a
     * torrent can name it before the info-hash to whitelist exists. Skips the test when opentracker is missing.
     */
    public static Opentracker in(Path dir) throws IOException {
        ExternalProgram.assumeInstalled(ExternalProgram.OPENTRACKER);
        Files.createDirectories(dir);
        return new Opentracker(dir, ExternalProgram.freeTcpAndUdpPort());
    }

    /** Starts the tracker with these info-hashes whitelisted, and waits until its TCP port accepts connections. */
    public Opentracker start(InfoHash... allowed) throws IOException, InterruptedException {
        // opentracker chroots into -d and may drop to "nobody": the directory and whitelist must be world-readable
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder list = new StringBuilder();
        for (InfoHash h : allowed) {
            list.append(h.hex()).append('\n');
        }
        Path whitelist = Files.writeString(whitelist(), list);
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        program = ExternalProgram.start(dir.resolve("opentracker.log"), List.of(ExternalProgram.OPENTRACKER,
                "-i", "127.0.0.1", "-p", String.valueOf(port), "-P", String.valueOf(port), "-d", dir.toString(),
                "-w", whitelist.getFileName().toString()));
        try {
            program.await(() -> ExternalProgram.listening(port), Duration.ofSeconds(20), "opentracker to listen on port " + port);
            for (InfoHash h : allowed) {
                awaitListed(h);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /** Whitelists one more info-hash in the running tracker. */
    public void allow(InfoHash infoHash) throws IOException, InterruptedException {
        Files.writeString(whitelist(), infoHash.hex() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        program.signal("HUP");
        awaitListed(infoHash);
    }

    /**
     * Opentracker loads its whitelist on a thread of its own, after it already accepts connections (and again after
     * SIGHUP): wait until it answers for this info-hash, or tests race the load and get "not authorized". The probe
     * is a {@code stopped} announce, which adds no peer.
     */
    private void awaitListed(InfoHash infoHash) throws IOException, InterruptedException {
        StringBuilder hash = new StringBuilder();
        for (byte b : infoHash.bytes()) {
            hash.append('%').append(String.format("%02x", b & 0xff));
        }
        URI probe = URI.create(httpAnnounce() + "?info_hash=" + hash + "&peer_id=-YT0000-whitelistprb&port=1"
                + "&uploaded=0&downloaded=0&left=0&compact=1&event=stopped");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        program.await(() -> {
            try {
                String body = client.send(java.net.http.HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1)).body();
                return !body.contains("not authorized");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofSeconds(20), "opentracker to whitelist " + infoHash);
    }

    public URI httpAnnounce() {
        return URI.create("http://127.0.0.1:" + port + "/announce");
    }

    public URI udpAnnounce() {
        return URI.create("udp://127.0.0.1:" + port);
    }

    private Path whitelist() {
        return dir.resolve("whitelist");
    }

    @Override
    public void close() throws InterruptedException {
        if (program != null) {
            program.close();
        }
    }
}
