package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * Bandwidth limits between two sessions on 127.0.0.1, which unlimited move hundreds of MiB a second: a session's
 * download limit and a torrent's upload limit each hold the transfer to their rate. The bounds are wide, the machine
 * is shared.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RateLimitTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aSessionDownloadLimitOf4MiBsTakes64MiBAbout16Seconds() throws Exception {
        double seconds = transfer(64 * MIB, new SessionConfig().maxDownloadRate(4 * MIB), new TorrentOptions());
        assertTrue(seconds >= 10 && seconds <= 30, "64 MiB at 4 MiB/s took " + seconds + " s, not 10-30 s");
    }

    @Test
    void aTorrentUploadLimitOf4MiBsTakes32MiBAbout8Seconds() throws Exception {
        double seconds = transfer(32 * MIB, new SessionConfig(), new TorrentOptions().maxUploadRate(4 * MIB));
        assertTrue(seconds >= 5 && seconds <= 20, "32 MiB at 4 MiB/s took " + seconds + " s, not 5-20 s");
    }

    /**
     * A seed (its torrent added with {@code seedOptions}) and a leecher (its session made with {@code leecher}'s
     * limits) of a {@code size} file; returns the seconds from adding the leecher's torrent to its completion.
     */
    private double transfer(long size, SessionConfig leecher, TorrentOptions seedOptions) throws Exception {
        Path source = tmp.resolve("seed/limited.bin");
        Swarms.writeRandomFile(source, size, 24);
        Metainfo m = Swarms.createTorrent(source, "http://127.0.0.1:1/announce", 1 << 20, tmp.resolve("l.torrent"));
        try (Session seeder = Session.open(Swarms.config(null));
             Session downloader = Session.open(Swarms.config(null).maxDownloadRate(leecher.maxDownloadRate()))) {
            seeder.add(m, tmp.resolve("seed"), seedOptions.seedForever().useTrackers(false))
                    .completion().get(60, TimeUnit.SECONDS);
            long start = System.nanoTime();
            TorrentHandle t = downloader.add(m, tmp.resolve("got"),
                    new TorrentOptions().useTrackers(false).addStaticPeer(Swarms.local(seeder)));
            t.completion().get(100, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("RateLimitTest: %d MiB in %.1f s (%.2f MiB/s)%n", size / MIB, seconds, size / MIB / seconds);
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("got"), true);
            return seconds;
        }
    }
}
