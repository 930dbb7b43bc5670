package org.yamtorrent.app;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/** The origin of the test payloads: the embedded tracker and a seeding engine in the test JVM, on loopback or another address. */
final class Origin implements AutoCloseable {

    final EmbeddedTracker tracker;
    final Session session;
    private final Path dir;

    Origin(Path dir) throws Exception {
        this(dir, InetAddress.getLoopbackAddress());
    }

    /** The tracker and the seeding engine on {@code address}. */
    Origin(Path dir, InetAddress address) throws Exception {
        this.dir = dir;
        this.tracker = EmbeddedTracker.start(new InetSocketAddress(address, 0), EmbeddedTracker.DEFAULT_INTERVAL);
        this.session = Session.open(new SessionConfig().listenAddress(address)
                .listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)));
    }

    /** Writes {@code length} reproducible random bytes to {@code name} in the origin's folder. */
    byte[] payload(String name, int length, long seed) throws Exception {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), data);
        return data;
    }

    /** The .torrent of a payload file, announcing to the embedded tracker. */
    byte[] torrent(String name, int pieceLength) throws Exception {
        return TorrentCreator.of(dir.resolve(name)).pieceLength(pieceLength)
                .announce(tracker.announceUrl().toString()).create().bytes();
    }

    /** Seeds a torrent whose payload is in the origin's folder, once it is verified. */
    TorrentHandle seed(byte[] torrent) throws Exception {
        return seed(torrent, new TorrentOptions().seedForever());
    }

    /** Super-seeds (BEP 16) a torrent whose payload is in the origin's folder, once it is verified. */
    TorrentHandle superSeed(byte[] torrent) throws Exception {
        return seed(torrent, new TorrentOptions().seedForever().superSeed(true));
    }

    private TorrentHandle seed(byte[] torrent, TorrentOptions options) throws Exception {
        TorrentHandle t = session.add(MetainfoReader.read(torrent), dir, options);
        t.completion().get(60, TimeUnit.SECONDS);
        return t;
    }

    @Override
    public void close() throws Exception {
        try {
            session.close();
        } finally {
            tracker.close();
        }
    }
}
