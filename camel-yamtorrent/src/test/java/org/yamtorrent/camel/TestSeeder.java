package org.yamtorrent.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * A real engine session on 127.0.0.1 that seeds test payloads; close it in the test's teardown. Public for the
 * Spring Boot and Quarkus examples' tests (camel-yamtorrent's test-jar).
 */
public final class TestSeeder implements AutoCloseable {

    final Session session = Session.open(new SessionConfig().listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)));
    private final EmbeddedTracker tracker;

    public TestSeeder() {
        this(null);
    }

    private TestSeeder(EmbeddedTracker tracker) {
        this.tracker = tracker;
    }

    /** A seeder with its own embedded tracker on loopback: the torrents it seeds announce to it. */
    public static TestSeeder withTracker() throws IOException {
        return new TestSeeder(EmbeddedTracker.start());
    }

    /** Writes {@code files} (relative paths to contents) under {@code dir/name}, or as {@code dir/name} for one file. */
    public static Path writePayload(Path dir, String name, Map<String, byte[]> files) throws IOException {
        Path root = dir.resolve(name);
        if (files.size() == 1 && files.containsKey("")) {
            Files.createDirectories(dir);
            Files.write(root, files.get(""));
            return root;
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return root;
    }

    /**
     * The files of a small multi-file torrent (a folder, a file beside it, an empty file), contents from {@code seed}:
     * relative paths to contents, in torrent order, for {@link #writePayload}.
     */
    static Map<String, byte[]> album(long seed) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("cd1/track1.flac", org.yamtorrent.engine.metainfo.TestTorrents.randomBytes(700_000, seed));
        files.put("cd1/track2.flac", org.yamtorrent.engine.metainfo.TestTorrents.randomBytes(123_456, seed + 1));
        files.put("cover.jpg", org.yamtorrent.engine.metainfo.TestTorrents.randomBytes(50_000, seed + 2));
        files.put("empty.txt", new byte[0]);
        return files;
    }

    /**
     * Creates the .torrent for {@code source} (announcing to the seeder's tracker, if it has one), starts seeding
     * it, and returns the .torrent bytes.
     */
    public byte[] seed(Path source, int pieceLength) throws Exception {
        return seed(source, pieceLength, TorrentCreator.MetaVersion.V1);
    }

    /** The same for a v1, v2-only or hybrid torrent (BEP 52). */
    public byte[] seed(Path source, int pieceLength, TorrentCreator.MetaVersion version) throws Exception {
        String announce = tracker == null ? null : tracker.announceUrl().toString();
        byte[] torrent = TorrentCreator.of(source).pieceLength(pieceLength).creationDate(null).announce(announce)
                .metaVersion(version).create().bytes();
        session.add(MetainfoReader.read(torrent), source.getParent(), new TorrentOptions().seedForever())
                .completion().get(30, TimeUnit.SECONDS);
        return torrent;
    }

    /**
     * Seeds only the first half of a new 512 KiB torrent (16 KiB pieces) with {@code trackers} as its announce-list:
     * a download of it stays DOWNLOADING at 50% with this seeder as its one peer. Returns the .torrent bytes.
     */
    byte[] seedHalf(Path dir, String name, java.util.List<java.util.List<String>> trackers) throws Exception {
        int piece = 16 * 1024;
        byte[] data = org.yamtorrent.engine.metainfo.TestTorrents.randomBytes(32 * piece, name.hashCode());
        Path source = writePayload(dir, name, Map.of("", data));
        byte[] torrent = TorrentCreator.of(source).pieceLength(piece).announceList(trackers).create().bytes();
        java.util.Arrays.fill(data, data.length / 2, data.length, (byte) 0);
        Files.write(source, data);
        session.add(MetainfoReader.read(torrent), dir, new TorrentOptions().seedForever());
        return torrent;
    }

    /** {@code 127.0.0.1:port} for the staticPeers option. */
    public String address() {
        return "127.0.0.1:" + session.listenPort();
    }

    @Override
    public void close() {
        session.close();
        if (tracker != null) {
            tracker.close();
        }
    }
}
