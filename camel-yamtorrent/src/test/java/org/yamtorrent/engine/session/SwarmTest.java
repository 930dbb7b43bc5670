package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.PieceOrder;
import org.yamtorrent.engine.tracker.AnnounceEvent;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * One seeder and three leechers, each its own {@link Session} on 127.0.0.1, meeting through the
 * {@link EmbeddedTracker}: everyone ends with the seeder's files, bit for bit, and the leechers trade pieces among
 * themselves rather than each fetching everything from the seeder.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SwarmTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void rarestFirstLeechersTradeAmongThemselves() throws Exception {
        // 64 MiB: a file over many pieces, an empty one, one inside a piece, and the rest in a subdirectory
        Path source = tmp.resolve("seed/swarm");
        Swarms.writeRandomFile(source.resolve("big.bin"), 40L * MIB + 12_345, 1);
        Files.createFile(source.resolve("empty.txt"));
        Swarms.writeRandomFile(source.resolve("docs/small.txt"), 1_000, 2);
        Swarms.writeRandomFile(source.resolve("docs/rest.bin"), 24L * MIB - 12_345 - 1_000, 3);
        List<TorrentHandle> leechers = swarm(source, 256 * 1024, PieceOrder.RAREST_FIRST);
        long traded = 0;
        for (TorrentHandle t : leechers) {
            traded += t.progress().uploaded();
        }
        // the seeder never downloads, so whatever a leecher uploaded another leecher received
        assertTrue(traded > 0, "leechers uploaded " + traded + " bytes to each other");
    }

    @Test
    void inOrderLeechersAllComplete() throws Exception {
        Path source = tmp.resolve("seed/inorder");
        Swarms.writeRandomFile(source.resolve("a.bin"), 6L * MIB + 7, 4);
        Swarms.writeRandomFile(source.resolve("b/c.bin"), 2L * MIB - 7, 5);
        Files.createFile(source.resolve("b/empty"));
        swarm(source, 64 * 1024, PieceOrder.IN_ORDER);
    }

    private static Map<Integer, AnnounceEvent> lastEvents(EmbeddedTracker tracker, Metainfo m) {
        Map<Integer, AnnounceEvent> events = new HashMap<>();
        tracker.peers(m.infoHash()).forEach(p -> events.put(p.address().getPort(), p.lastEvent()));
        return events;
    }

    private TorrentHandle seed;

    /**
     * BEP 16: the super-seeding origin reveals a piece at a time, so the leechers fetch most pieces from each other:
     * it uploads well under the three copies a plain seed may send (ideally one).
     */
    @Test
    void aSuperSeedUploadsLittleMoreThanOneCopy() throws Exception {
        Path source = tmp.resolve("src/fan.bin");
        Files.createDirectories(source.getParent());
        Swarms.writeRandomFile(source, 16L * MIB, 7);
        swarm(source, 64 * 1024, PieceOrder.RAREST_FIRST, new TorrentOptions().seedForever().superSeed(true));
        long uploaded = seed.progress().uploaded();
        assertTrue(uploaded >= 16L * MIB, "the origin sent every piece at least once: " + uploaded);
        assertTrue(uploaded < 1.5 * 16 * MIB, "the super-seed uploaded " + uploaded / (16.0 * MIB) + " copies");
    }

    /** Seeds {@code source} from one session, downloads it into three more, and checks their files. */
    private List<TorrentHandle> swarm(Path source, int pieceLength, PieceOrder order) throws Exception {
        return swarm(source, pieceLength, order, new TorrentOptions().seedForever());
    }

    private List<TorrentHandle> swarm(Path source, int pieceLength, PieceOrder order, TorrentOptions seedOptions)
            throws Exception {
        List<Session> sessions = new ArrayList<>();
        try (EmbeddedTracker tracker = EmbeddedTracker.start()) {
            Metainfo m = Swarms.createTorrent(source, tracker.announceUrl().toString(), pieceLength,
                    tmp.resolve("swarm.torrent"));
            Session seeder = Session.open(Swarms.config(null));
            sessions.add(seeder);
            TorrentHandle seed = seeder.add(m, source.getParent(), seedOptions);
            this.seed = seed;
            seed.completion().get(60, TimeUnit.SECONDS);
            List<TorrentHandle> leechers = new ArrayList<>();
            List<List<Integer>> filesCompleted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Session s = Session.open(Swarms.config(null));
                sessions.add(s);
                List<Integer> files = new CopyOnWriteArrayList<>();
                filesCompleted.add(files);
                // leechers keep seeding, so one that finishes early still serves the others
                leechers.add(s.add(m, tmp.resolve("leech" + i), new TorrentOptions().pieceOrder(order).seedForever()
                        .addListener(new TorrentListener() {
                            @Override
                            public void fileCompleted(TorrentHandle t, int index, FileEntry f) {
                                files.add(index);
                            }
                        })));
            }
            for (TorrentHandle t : leechers) {
                t.completion().get(240, TimeUnit.SECONDS);
            }
            for (TorrentHandle t : leechers) {
                Swarms.assertSamePayload(m, source.getParent(), t.directory(), true);
            }
            List<Integer> everyFile = IntStream.range(0, m.files().size()).boxed().toList();
            for (List<Integer> files : filesCompleted) {
                assertEquals(everyFile, files.stream().sorted().toList(), "each file reported complete once");
            }
            assertTrue(seed.progress().uploaded() > 0, "the seeder uploaded");
            // BEP 3: the leechers announce completed; the seeder, complete when it started, must not
            Map<Integer, AnnounceEvent> expected = new HashMap<>();
            sessions.forEach(s -> expected.put(s.listenPort(), s == seeder ? AnnounceEvent.STARTED : AnnounceEvent.COMPLETED));
            Swarms.waitFor(() -> lastEvents(tracker, m).equals(expected), Duration.ofSeconds(10),
                    "announces " + expected + ", tracker has " + lastEvents(tracker, m));
            return leechers;
        } finally {
            Swarms.closeAll(sessions);
        }
    }
}
