package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.session.TorrentOptions;

@Timeout(120)
class TorrentStreamTest extends TorrentTestSupport {

    private String streamed(String options) {
        return "torrent:download?directory=" + dir("work") + "&staticPeers=" + seeder.address()
                + "&progressInterval=0&stream=true" + options;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:one").to(streamed("&pieceOrder=RAREST_FIRST")).process(TorrentStreamTest::hash).to("mock:one");
                from("direct:split").to(streamed("")).split(body()).process(TorrentStreamTest::hash).to("mock:file");
                from("direct:late").to(streamed("&timeout=6s")).process(TorrentStreamTest::hash).to("mock:late");
                from("torrent:download?watchDirectory=" + dir("drop") + "&directory=" + dir("dropped") + "&staticPeers="
                        + seeder.address() + "&delay=100&progressInterval=0&stream=true")
                        .process(TorrentStreamTest::hash).to("mock:drop");
            }
        };
    }

    /** Reads the body as the stream it must be, and records its SHA-256 and type. */
    private static void hash(Exchange e) throws IOException {
        Object body = e.getMessage().getBody();
        e.getMessage().setHeader("bodyType", body.getClass().getName());
        e.getMessage().setHeader("cached", body instanceof org.apache.camel.StreamCache);
        MessageDigest sha = sha256();
        try (InputStream in = (InputStream) body) {
            byte[] buf = new byte[100_000];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
            }
        }
        e.getMessage().setHeader("sha256", HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    @Test
    void aSingleFileStreamsThroughTheRouteAndTheTorrentThenLeaves() throws Exception {
        byte[] data = TestTorrents.randomBytes(4_000_000, 41);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "movie.bin", Map.of("", data)), 32 * 1024);
        MockEndpoint mock = getMockEndpoint("mock:one");
        mock.expectedMessageCount(1);
        template.sendBody("direct:one", torrent);
        mock.assertIsSatisfied(60_000);
        Exchange e = mock.getExchanges().get(0);
        assertEquals(sha256(data), e.getMessage().getHeader("sha256"));
        assertFalse(e.getMessage().getHeader("bodyType", String.class).endsWith("File"), "a stream, not the file");
        assertEquals(false, e.getMessage().getHeader("cached"), "not read into a stream cache first");
        // the context's deny list gained our payload stream and nothing else: other streams are cached as before
        assertEquals(1, context.getStreamCachingStrategy().getDenyClasses().size());
        assertTrue(context.getStreamCachingStrategy().getDenyClasses().iterator().next().getName()
                .startsWith(StreamedDownload.class.getName() + "$"));
        Exchange other = new org.apache.camel.support.DefaultExchange(context);
        other.getMessage().setBody(new java.io.ByteArrayInputStream(new byte[10]));
        assertTrue(context.getStreamCachingStrategy().cache(other) != null, "another InputStream is still cached");
        assertEquals("movie.bin", e.getMessage().getHeader(Exchange.FILE_NAME));
        assertEquals(4_000_000L, e.getMessage().getHeader(Exchange.CONTENT_LENGTH));
        assertEquals(4_000_000L, e.getMessage().getHeader(TorrentConstants.FILE_LENGTH));
        assertEquals(MetainfoReader.read(torrent).infoHash().hex(), e.getMessage().getHeader(TorrentConstants.INFO_HASH));
        assertEquals(1, e.getMessage().getHeader(TorrentConstants.FILE_COUNT));
        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        // complete and streamed: seedTime 0 lets the engine stop it
        TorrentConsumerTest.awaitTrue(() -> component.getSession().torrents().isEmpty(), "the torrent left the session");
        assertEquals(-1L, Files.mismatch(tmp.resolve("seed/movie.bin"), tmp.resolve("work/movie.bin")));
    }

    @Test
    void aMultiFileTorrentSplitsIntoOneStreamPerFileInOrder() throws Exception {
        Map<String, byte[]> files = TestSeeder.album(42);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "album", files), 16 * 1024);
        MockEndpoint mock = getMockEndpoint("mock:file");
        mock.expectedMessageCount(4);
        template.sendBody("direct:split", torrent);
        mock.assertIsSatisfied(60_000);
        List<String> names = mock.getExchanges().stream().map(x -> x.getMessage().getHeader(Exchange.FILE_NAME, String.class)).toList();
        // TorrentCreator orders the files by path
        assertEquals(List.of("album/cd1/track1.flac", "album/cd1/track2.flac", "album/cover.jpg", "album/empty.txt"), names);
        int i = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Exchange x = mock.getExchanges().get(i);
            assertEquals(sha256(f.getValue()), x.getMessage().getHeader("sha256"), f.getKey());
            assertEquals((long) f.getValue().length, x.getMessage().getHeader(Exchange.CONTENT_LENGTH));
            assertEquals(i++, x.getMessage().getHeader(TorrentConstants.FILE_INDEX));
        }
    }

    @Test
    void theDropFolderConsumerStreamsEachFileThenMovesTheTorrentToDone() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(1_500_000, 46));
        files.put("b.bin", TestTorrents.randomBytes(300_000, 47));
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "pair", files), 32 * 1024);
        MockEndpoint mock = getMockEndpoint("mock:drop");
        mock.expectedMessageCount(2);
        TorrentConsumerTest.drop(tmp.resolve("drop"), "pair.torrent", torrent);
        mock.assertIsSatisfied(60_000);
        for (int i = 0; i < 2; i++) {
            Exchange x = mock.getExchanges().get(i);
            assertEquals("pair/" + (i == 0 ? "a.bin" : "b.bin"), x.getMessage().getHeader(Exchange.FILE_NAME));
            assertEquals(sha256(files.get(i == 0 ? "a.bin" : "b.bin")), x.getMessage().getHeader("sha256"));
            assertEquals(false, x.getMessage().getHeader("cached"));
        }
        TorrentConsumerTest.awaitFile(tmp.resolve("drop/.done/pair.torrent"));
    }

    @Test
    void theTimeoutFailsAStalledStreamAndTheDownloadIsStopped() throws Exception {
        int piece = 64 * 1024;
        byte[] data = TestTorrents.randomBytes(64 * piece, 45);
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "half.bin", Map.of("", data));
        byte[] torrent = org.yamtorrent.engine.metainfo.TorrentCreator.of(source).pieceLength(piece).create().bytes();
        // The seeder has only the first half: the stream yields it, then waits in vain for piece 32.
        byte[] half = data.clone();
        Arrays.fill(half, data.length / 2, data.length, (byte) 0);
        Files.write(source, half);
        var halfSeed = seeder.session.add(MetainfoReader.read(torrent), source.getParent(), new TorrentOptions().seedForever());
        // a seeder still checking its data refuses peers, and the refused leecher waits before it dials again
        TorrentConsumerTest.awaitTrue(() -> halfSeed.state() == org.yamtorrent.engine.session.TorrentState.DOWNLOADING,
                "the half seeder checked its data");
        MockEndpoint mock = getMockEndpoint("mock:late");
        mock.expectedMessageCount(0);
        Exchange e = template.send("direct:late", x -> x.getMessage().setBody(torrent));
        assertInstanceOf(IOException.class, e.getException());
        assertTrue(e.getException().getMessage().startsWith("half.bin: piece 32 not obtained")
                && e.getException().getMessage().contains("PT6S"), e.getException().getMessage());
        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        TorrentConsumerTest.awaitTrue(() -> component.getSession().torrents().isEmpty(),
                "the failed exchange's download is stopped, not leaked");
        mock.assertIsSatisfied();
    }
}
