package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.picker.PieceOrder;

@Timeout(120)
class PayloadStreamTest {

    private static final int PIECE = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void streamsARarestFirstDownloadInOrderBitExact() throws Exception {
        byte[] data = TestTorrents.randomBytes(6 * 1024 * 1024 + 777, 31);
        Metainfo m = TestTorrents.singleFile("stream.bin", data, PIECE);
        try (Session seeder = seeding(m, Map.of("stream.bin", data));
             Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .pieceOrder(PieceOrder.RAREST_FIRST).addStaticPeer(Swarms.local(seeder)));
            try (PayloadStream in = t.openStream(0)) {
                assertEquals(data.length, in.length());
                assertArrayEquals(data, readMixed(in, new Random(1)));
                assertEquals(-1, in.read());
                assertEquals(0, in.available());
                assertEquals(data.length, in.position());
            }
            t.completion().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void streamsOneFileOfAMultiFileTorrentSkippingPadFiles() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(100_000, 32));
        files.put(".pad/31072", new byte[31_072]);
        files.put("b.bin", TestTorrents.randomBytes(700_000, 33));
        files.put("empty.txt", new byte[0]);
        files.put("c.bin", TestTorrents.randomBytes(5, 34));
        Metainfo m = TestTorrents.multiFile("multi", files, PIECE);
        try (Session seeder = seeding(m, files);
             Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().addStaticPeer(Swarms.local(seeder)));
            assertThrows(TorrentException.class, () -> t.openStream(1), "a pad file has no stream");
            assertThrows(TorrentException.class, () -> t.openStream(5));
            byte[] b = files.get("b.bin");
            try (PayloadStream in = t.openStream(2)) {
                assertEquals(b.length, in.length());
                assertEquals(1000, in.skip(1000));
                byte[] first = in.readNBytes(10);
                assertArrayEquals(Arrays.copyOfRange(b, 1000, 1010), first);
                assertTrue(in.available() > 0, "the rest of a verified piece is available without waiting");
                assertArrayEquals(Arrays.copyOfRange(b, 1010, b.length), in.readAllBytes());
                assertEquals(0, in.skip(5), "nothing to skip at the end");
            }
            try (InputStream empty = t.openStream(3); InputStream c = t.openStream(4)) {
                assertEquals(-1, empty.read());
                assertArrayEquals(files.get("c.bin"), c.readAllBytes());
            }
            try (InputStream a = t.openStream(0)) {
                assertArrayEquals(files.get("a.bin"), a.readAllBytes());
            }
            PayloadStream closed = t.openStream(0);
            closed.close();
            assertThrows(IOException.class, closed::read);
        }
    }

    @Test
    void yieldsTheFirstHalfBeforeCompletionThenFailsNamingTheMissingPiece() throws Exception {
        byte[] data = TestTorrents.randomBytes(64 * PIECE, 35);
        Metainfo m = TestTorrents.singleFile("half.bin", data, PIECE);
        // The seeder has only the first 32 pieces: the rest fail its check, so nobody can complete.
        byte[] half = data.clone();
        Arrays.fill(half, data.length / 2, data.length, (byte) 0);
        Files.createDirectories(tmp.resolve("seed"));
        Files.write(tmp.resolve("seed/half.bin"), half);
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle seed = seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever());
            Swarms.waitFor(() -> seed.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "seeder checked");
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .pieceOrder(PieceOrder.RAREST_FIRST).addStaticPeer(Swarms.local(seeder)));
            PayloadStream stalled = t.openStream(0, 8, Duration.ofSeconds(2));
            assertArrayEquals(Arrays.copyOf(data, data.length / 2), stalled.readNBytes(data.length / 2));
            assertFalse(t.completion().isDone(), "the first half was read while the torrent cannot complete");
            IOException stall = assertThrows(IOException.class, stalled::read);
            assertTrue(stall.getMessage().contains("half.bin: piece 32 not obtained")
                    && stall.getMessage().contains("stall timeout PT2S"), stall.getMessage());
            stalled.close();

            PayloadStream waiting = t.openStream(0);
            assertEquals(data.length / 2, waiting.skip(data.length / 2));
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    waiting.read();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            assertFalse(failure.isDone(), "without a stall timeout the read waits for the piece");
            t.stop();
            Throwable stopped = failure.get(30, TimeUnit.SECONDS);
            assertTrue(stopped != null && stopped.getMessage().equals(
                    "half.bin: piece 32 can never be obtained: the torrent was stopped"), String.valueOf(stopped));
            waiting.close();
        }
    }

    @Test
    void theWindowIsFetchedFirstWhateverThePieceOrder() throws Exception {
        byte[] data = TestTorrents.randomBytes(128 * PIECE, 36);
        Metainfo m = TestTorrents.singleFile("window.bin", data, PIECE);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CompletableFuture<String> onEngineThread = new CompletableFuture<>();
        try (Session seeder = seeding(m, Map.of("window.bin", data));
             Session leecher = Session.open(Swarms.config(null))) {
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"), new TorrentOptions()
                    .pieceOrder(PieceOrder.RAREST_FIRST)
                    .addListener(new TorrentListener() {
                        @Override
                        public void pieceVerified(TorrentHandle torrent, int piece) {
                            order.add(piece);
                            if (order.size() == 1) {
                                onEngineThread.complete(readOnThisThread(torrent));
                            }
                        }
                    }));
            Swarms.waitFor(() -> t.state() == TorrentState.DOWNLOADING, Duration.ofSeconds(30), "leecher started");
            try (PayloadStream in = t.openStream(0, 8, null)) {
                in.skip(80L * PIECE);
                t.addPeers(List.of(Swarms.local(seeder)));
                // one byte: the window stays at 80..87 while the order is recorded
                assertEquals(data[80 * PIECE] & 0xff, in.read());
                Swarms.waitFor(() -> order.size() >= 12, Duration.ofSeconds(30), "a dozen pieces verified");
                // Blocks of the window are asked for before any other, but the seeder reads blocks in parallel and a
                // busy machine may let a few other pieces finish first; rarest-first alone would put less than one
                // of these 8 pieces among the first 12 of 128.
                List<Integer> first = List.copyOf(order).subList(0, 12);
                long early = first.stream().filter(p -> p >= 80 && p < 88).count();
                assertTrue(early >= 6, "most of pieces 80..87 verified among the first twelve: " + first);
                assertArrayEquals(Arrays.copyOfRange(data, 80 * PIECE + 1, 88 * PIECE), in.readNBytes(8 * PIECE - 1));
            }
            String refused = onEngineThread.get(30, TimeUnit.SECONDS);
            assertTrue(refused.contains("window.bin: piece 127 can never be obtained: a stream must not wait on the "
                    + "engine's thread yamtorrent-disk"), refused);
            t.completion().get(60, TimeUnit.SECONDS);
        }
    }

    /** A listener's thread is the engine's: reading a piece that is not there yet must fail, not block it. */
    private static String readOnThisThread(TorrentHandle t) {
        try (PayloadStream in = t.openStream(0)) {
            in.skip(in.length() - 1);
            in.read();
            return "read did not fail";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private Session seeding(Metainfo m, Map<String, byte[]> files) throws Exception {
        Path dir = tmp.resolve("seed");
        if (m.files().size() == 1) {
            Files.createDirectories(dir);
            Files.write(dir.resolve(m.name()), files.values().iterator().next());
        } else {
            Swarms.writePayload(m, files, dir);
        }
        Session seeder = Session.open(Swarms.config(null));
        seeder.add(m, dir, new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
        return seeder;
    }

    /** Reads to the end with single bytes and partial reads of random sizes. */
    private static byte[] readMixed(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[200_000];
        while (true) {
            if (random.nextInt(8) == 0) {
                int b = in.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
                continue;
            }
            int off = random.nextInt(100);
            int n = in.read(buf, off, 1 + random.nextInt(buf.length - off - 1));
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, off, n);
        }
    }
}
