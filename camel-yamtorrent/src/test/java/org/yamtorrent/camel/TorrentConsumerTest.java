package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.MetainfoException;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;

@Timeout(120)
class TorrentConsumerTest extends TorrentTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(MetainfoException.class).handled(true).to("mock:errors");
                from("torrent:download?watchDirectory=" + dir("drop") + "&directory=" + dir("work")
                        + "&staticPeers=" + seeder.address() + "&delay=100&progressInterval=1s&bridgeErrorHandler=true")
                        .routeId("drop")
                        .to("file:" + dir("out"))
                        .to("mock:out");
            }
        };
    }

    private void drop(String name, byte[] torrent) throws Exception {
        drop(tmp.resolve("drop"), name, torrent);
    }

    /** Drops a .torrent into {@code folder} atomically, as a well-behaved producer of drops does. */
    static void drop(Path folder, String name, byte[] torrent) throws Exception {
        Files.createDirectories(folder);
        Path tmpFile = folder.resolveSibling(name + ".part");
        Files.write(tmpFile, torrent);
        Files.move(tmpFile, folder.resolve(name));
    }

    @Test
    void singleFileDropIsDownloadedAndHandedOn() throws Exception {
        byte[] data = TestTorrents.randomBytes(3_000_000, 11);
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "movie.bin", Map.of("", data));
        byte[] torrent = seeder.seed(source, 64 * 1024);
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        drop("movie.torrent", torrent);
        out.assertIsSatisfied(60_000);

        Exchange e = out.getExchanges().get(0);
        assertEquals("movie.bin", e.getMessage().getHeader(Exchange.FILE_NAME));
        assertEquals(MetainfoReader.read(torrent).infoHash().hex(), e.getMessage().getHeader(TorrentConstants.INFO_HASH));
        assertEquals("movie.bin", e.getMessage().getHeader(TorrentConstants.NAME));
        assertEquals(0, e.getMessage().getHeader(TorrentConstants.FILE_INDEX));
        assertEquals(1, e.getMessage().getHeader(TorrentConstants.FILE_COUNT));
        assertEquals(3_000_000L, e.getMessage().getHeader(TorrentConstants.FILE_LENGTH));
        assertEquals(3_000_000L, e.getMessage().getHeader(TorrentConstants.TOTAL_LENGTH));
        assertTrue(e.getMessage().getHeader(TorrentConstants.DOWNLOADED, Long.class) >= 3_000_000L);
        assertTrue(e.getMessage().getHeader(TorrentConstants.DURATION, Long.class) >= 0);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("out/movie.bin")));
        awaitFile(tmp.resolve("drop/.done/movie.torrent"));
        assertFalse(Files.exists(tmp.resolve("drop/movie.torrent")));
    }

    @Test
    void multiFileDropGivesOneExchangePerFileLaidOutLikeOtherClients() throws Exception {
        Map<String, byte[]> files = TestSeeder.album(12);
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "album", files);
        byte[] torrent = seeder.seed(source, 32 * 1024);
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(4);
        drop("album.torrent", torrent);
        out.assertIsSatisfied(60_000);

        List<String> names = out.getExchanges().stream().map(x -> x.getMessage().getHeader(Exchange.FILE_NAME, String.class)).toList();
        assertEquals(List.of("album/cd1/track1.flac", "album/cd1/track2.flac", "album/cover.jpg", "album/empty.txt"), names);
        for (int i = 0; i < 4; i++) {
            Exchange e = out.getExchanges().get(i);
            assertEquals(i, e.getMessage().getHeader(TorrentConstants.FILE_INDEX));
            assertEquals(4, e.getMessage().getHeader(TorrentConstants.FILE_COUNT));
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(tmp.resolve("out/album").resolve(f.getKey())), f.getKey());
        }
    }

    @Test
    void theSameInfoHashDroppedTwiceIsDownloadedOnce() throws Exception {
        byte[] data = TestTorrents.randomBytes(500_000, 15);
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "once.bin", Map.of("", data));
        byte[] torrent = seeder.seed(source, 16 * 1024);
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        drop("first.torrent", torrent);
        out.assertIsSatisfied(60_000);
        awaitFile(tmp.resolve("drop/.done/first.torrent"));

        drop("second.torrent", torrent);
        awaitFile(tmp.resolve("drop/.done/second.torrent"));
        out.assertIsSatisfied();
        assertEquals(1, out.getReceivedCounter(), "a second drop of the same info-hash is not downloaded again");
        String repo = Files.readString(tmp.resolve("work/.yamtorrent/downloaded.txt"));
        assertTrue(repo.contains(MetainfoReader.read(torrent).infoHash().hex()));
    }

    @Test
    void aPayloadTheRouteFailsOnMovesTheTorrentToFailedAndADropRetries() throws Exception {
        byte[] data = TestTorrents.randomBytes(400_000, 16);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "blocked.bin", Map.of("", data)), 16 * 1024);
        // a directory where the file: endpoint must write the payload: the route fails on it
        Files.createDirectories(tmp.resolve("out/blocked.bin/in-the-way"));
        drop("blocked.torrent", torrent);
        awaitFile(tmp.resolve("drop/.failed/blocked.torrent.reason.txt"));
        assertFalse(Files.exists(tmp.resolve("drop/.done/blocked.torrent")));
        String reason = Files.readString(tmp.resolve("drop/.failed/blocked.torrent.reason.txt"));
        assertTrue(reason.contains("blocked.bin"), reason);
        Path repo = tmp.resolve("work/.yamtorrent/downloaded.txt");
        String hash = MetainfoReader.read(torrent).infoHash().hex();
        assertFalse(Files.exists(repo) && Files.readString(repo).contains(hash), "a failed delivery is not remembered");

        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        Files.delete(tmp.resolve("out/blocked.bin/in-the-way"));
        Files.delete(tmp.resolve("out/blocked.bin"));
        drop("blocked.torrent", torrent);
        out.assertIsSatisfied(60_000);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("out/blocked.bin")));
        awaitFile(tmp.resolve("drop/.done/blocked.torrent"));
    }

    @Test
    void torrentsSharingADirectoryKeepOneResumeRecordEach() throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(2);
        List<String> hashes = new java.util.ArrayList<>();
        for (String name : List.of("left", "right")) {
            byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed-" + name), name + ".bin",
                    Map.of("", TestTorrents.randomBytes(300_000, name.length()))), 16 * 1024);
            hashes.add(MetainfoReader.read(torrent).infoHash().hex());
            drop(name + ".torrent", torrent);
        }
        out.assertIsSatisfied(60_000);
        context.stop();
        List<String> records = new java.util.ArrayList<>();
        for (String hash : hashes) {
            Path record = tmp.resolve("work/.yamtorrent/resume/" + hash + ".resume");
            assertTrue(Files.isRegularFile(record), record + " is missing");
            records.add(Files.readString(record, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertTrue(records.get(0).startsWith("d") && !records.get(0).equals(records.get(1)), "two bencoded records");
    }

    @Test
    void aBrokenTorrentMovesToFailedWithItsReason() throws Exception {
        MockEndpoint errors = getMockEndpoint("mock:errors");
        errors.expectedMessageCount(1);
        drop("broken.torrent", "d4:infod4:name3:abcee".getBytes());
        errors.assertIsSatisfied(30_000);
        Exception caught = errors.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertTrue(caught instanceof MetainfoException, "typed exception: " + caught);
        awaitFile(tmp.resolve("drop/.failed/broken.torrent.reason.txt"));
        assertTrue(Files.exists(tmp.resolve("drop/.failed/broken.torrent")));
        String reason = Files.readString(tmp.resolve("drop/.failed/broken.torrent.reason.txt"));
        assertTrue(reason.contains("MetainfoException") && reason.contains("info.piece length is missing"), reason);
        getMockEndpoint("mock:out").expectedMessageCount(0);
        getMockEndpoint("mock:out").assertIsSatisfied();
    }

    @Test
    void aStopMidDownloadResumesOnTheNextStartWithoutRefetching() throws Exception {
        int piece = 64 * 1024;
        byte[] data = TestTorrents.randomBytes(64 * piece, 16);
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "big.bin", Map.of("", data));
        byte[] torrent = org.yamtorrent.engine.metainfo.TorrentCreator.of(source).pieceLength(piece).create().bytes();
        // The seeder starts with only the first half: the download stops there, deterministically.
        byte[] half = data.clone();
        java.util.Arrays.fill(half, data.length / 2, data.length, (byte) 0);
        Files.write(source, half);
        var partial = seeder.session.add(MetainfoReader.read(torrent), source.getParent(),
                new org.yamtorrent.engine.session.TorrentOptions().seedForever());
        drop("big.torrent", torrent);
        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        awaitTrue(() -> !component.getSession().torrents().isEmpty()
                && component.getSession().torrents().get(0).progress().verifiedPieces() == 32, "first half downloaded");
        context.stop();

        partial.stop();
        Files.write(source, data);
        seeder.session.add(MetainfoReader.read(torrent), source.getParent(),
                new org.yamtorrent.engine.session.TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);

        context.start();
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        out.assertIsSatisfied(60_000);
        Exchange e = out.getExchanges().get(0);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("out/big.bin")));
        long fetched = e.getMessage().getHeader(TorrentConstants.DOWNLOADED, Long.class);
        assertTrue(fetched <= data.length / 2 + 4L * piece, "only the missing half is fetched again: " + fetched);
    }

    static void awaitFile(Path p) throws InterruptedException {
        awaitTrue(() -> Files.exists(p), p.toString());
    }

    static void awaitTrue(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
