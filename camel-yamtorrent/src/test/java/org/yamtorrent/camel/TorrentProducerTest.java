package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoException;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.webseed.RangeServer;

@Timeout(120)
class TorrentProducerTest extends TorrentTestSupport {

    private String download() {
        return "torrent:download?directory=" + dir("work") + "&staticPeers=" + seeder.address() + "&progressInterval=0";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:split").to(download()).split(body()).to("mock:file");
                from("direct:thread").to(download())
                        .process(x -> x.getMessage().setHeader("thread", Thread.currentThread().getName()));
            }
        };
    }

    @Test
    void createMakesTheTorrentOfADirectory() throws Exception {
        Path source = twoFileSet();
        Exchange e = template.request("torrent:create?announce=http://127.0.0.1:6969/announce&private=true"
                + "&comment=hello&pieceLength=32768&announceList=http://a/ann,http://b/ann|udp://c:1", x -> x.getMessage().setBody(source.toFile()));
        assertNotNull(e.getMessage().getBody(byte[].class), String.valueOf(e.getException()));
        Metainfo m = MetainfoReader.read(e.getMessage().getBody(byte[].class));
        assertEquals("set", m.name());
        assertEquals(32768, m.pieceLength());
        assertTrue(m.isPrivate());
        assertEquals("hello", m.comment());
        assertEquals("http://127.0.0.1:6969/announce", m.announce());
        assertEquals(List.of(List.of("http://a/ann", "http://b/ann"), List.of("udp://c:1")), m.announceList());
        assertEquals(m.infoHash().hex(), e.getMessage().getHeader(TorrentConstants.INFO_HASH));
        assertEquals("set", e.getMessage().getHeader(TorrentConstants.NAME));
        assertEquals("set.torrent", e.getMessage().getHeader(Exchange.FILE_NAME));
        assertEquals(105_000, m.totalLength());
    }

    /** set/a.bin (100,000 bytes) and set/sub/b.bin (5,000) under src/. */
    private Path twoFileSet() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(100_000, 21));
        files.put("sub/b.bin", TestTorrents.randomBytes(5_000, 22));
        return TestSeeder.writePayload(tmp.resolve("src"), "set", files);
    }

    @Test
    void createMakesHybridAndV2TorrentsWithWebSeeds() throws Exception {
        Path source = twoFileSet();
        for (String version : List.of("HYBRID", "V2")) {
            Exchange e = template.request("torrent:create?metaVersion=" + version + "&pieceLength=32768"
                    + "&urlList=http://127.0.0.1:1/ws/, http://127.0.0.1:2/ws/", x -> x.getMessage().setBody(source.toFile()));
            assertNotNull(e.getMessage().getBody(byte[].class), String.valueOf(e.getException()));
            Metainfo m = MetainfoReader.read(e.getMessage().getBody(byte[].class));
            assertEquals(version.equals("HYBRID"), m.hasV1(), version);
            assertNotNull(m.pieceLayers(), version + " has v2 hashes");
            assertEquals(java.util.HexFormat.of().formatHex(m.infoHash().v2()),
                    e.getMessage().getHeader(TorrentConstants.INFO_HASH_V2));
            assertEquals(m.infoHash().hex(), e.getMessage().getHeader(TorrentConstants.INFO_HASH));
            assertEquals(List.of("http://127.0.0.1:1/ws/", "http://127.0.0.1:2/ws/"), m.urlList());
        }
    }

    @Test
    void downloadOfASingleFileReturnsTheFile() throws Exception {
        byte[] data = TestTorrents.randomBytes(2_000_000, 23);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "one.bin", Map.of("", data)), 32 * 1024);
        Exchange e = template.request(download(), x -> x.getMessage().setBody(torrent));
        assertEquals(null, e.getException());
        assertInstanceOf(File.class, e.getMessage().getBody());
        assertArrayEquals(data, e.getMessage().getBody(byte[].class));
        assertEquals("one.bin", e.getMessage().getHeader(Exchange.FILE_NAME));
        assertEquals(2_000_000L, e.getMessage().getHeader(TorrentConstants.TOTAL_LENGTH));
        assertEquals(1, e.getMessage().getHeader(TorrentConstants.FILE_COUNT));
    }

    @Test
    void aDownloadWithOnlyAWebSeedFetchesOverHttp() throws Exception {
        byte[] data = TestTorrents.randomBytes(1_500_000, 26);
        Path file = tmp.resolve("www/web.bin");
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        byte[] torrent = TorrentCreator.of(file).pieceLength(32 * 1024).create().bytes();
        try (RangeServer server = RangeServer.serving(file.getParent())) {
            Exchange e = template.request("torrent:download?directory=" + dir("web") + "&progressInterval=0"
                    + "&webSeeds=RAW(" + server.url("web.bin") + ")", x -> x.getMessage().setBody(torrent));
            assertEquals(null, e.getException());
            assertArrayEquals(data, e.getMessage().getBody(byte[].class));
            assertTrue(server.ranges() > 0, "the bytes came over HTTP");
        }
    }

    @Test
    void multiFileDownloadSplitsIntoOneMessagePerFile() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("x/1.bin", TestTorrents.randomBytes(90_000, 24));
        files.put("2.bin", TestTorrents.randomBytes(10, 25));
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "pair", files), 16 * 1024);
        MockEndpoint mock = getMockEndpoint("mock:file");
        mock.expectedMessageCount(2);
        mock.expectedHeaderValuesReceivedInAnyOrder(Exchange.FILE_NAME, "pair/x/1.bin", "pair/2.bin");
        template.sendBody("direct:split", torrent);
        mock.assertIsSatisfied(30_000);
        for (Exchange x : mock.getExchanges()) {
            String name = x.getMessage().getHeader(Exchange.FILE_NAME, String.class);
            byte[] expected = files.get(name.substring("pair/".length()));
            assertArrayEquals(expected, x.getMessage().getBody(byte[].class));
            assertEquals((long) expected.length, x.getMessage().getHeader(TorrentConstants.FILE_LENGTH));
            assertEquals(2, x.getMessage().getHeader(TorrentConstants.FILE_COUNT));
        }
    }

    @Test
    void acceptsStreamsFilesPathsAndHttpUrls() throws Exception {
        byte[] data = TestTorrents.randomBytes(300_000, 26);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "body.bin", Map.of("", data)), 16 * 1024);
        Path file = tmp.resolve("body.torrent");
        Files.write(file, torrent);
        for (Object body : List.of(new ByteArrayInputStream(torrent), file.toFile(), file)) {
            Exchange e = template.request(download(), x -> x.getMessage().setBody(body));
            assertEquals(null, e.getException(), body.getClass().getName());
            assertArrayEquals(data, e.getMessage().getBody(byte[].class));
        }
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/t.torrent", ex -> {
            ex.sendResponseHeaders(200, torrent.length);
            ex.getResponseBody().write(torrent);
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/t.torrent";
            Exchange e = template.request(download(), x -> x.getMessage().setBody(url));
            assertEquals(null, e.getException());
            assertArrayEquals(data, e.getMessage().getBody(byte[].class));
        } finally {
            http.stop(0);
        }
    }

    @Test
    void badBodiesAndTimeoutsFailTheExchange() throws Exception {
        Exchange bad = template.request(download(), x -> x.getMessage().setBody("d4:infoi1ee".getBytes()));
        assertInstanceOf(MetainfoException.class, bad.getException());
        assertEquals("info is not a dictionary", bad.getException().getMessage());

        byte[] torrent = TorrentCreator.of(
                TestSeeder.writePayload(tmp.resolve("orphan"), "nobody.bin", Map.of("", new byte[50_000]))).create().bytes();
        Exchange late = template.request("torrent:download?directory=" + dir("late") + "&timeout=1s&progressInterval=0",
                x -> x.getMessage().setBody(torrent));
        assertInstanceOf(TorrentException.class, late.getException());
        assertTrue(late.getException().getMessage().contains("did not complete within PT1S"), late.getException().getMessage());
    }

    @Test
    void seedVerifiesTheDataAndServesItThroughTheEmbeddedTracker() throws Exception {
        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        component.setEmbeddedTrackerPort(0);
        String announce = component.startEmbeddedTracker();
        byte[] data = TestTorrents.randomBytes(1_000_000, 28);
        Path source = TestSeeder.writePayload(tmp.resolve("data"), "shared.bin", Map.of("", data));
        Exchange created = template.request("torrent:create?announce=" + announce, x -> x.getMessage().setBody(source.toFile()));
        byte[] torrent = created.getMessage().getBody(byte[].class);

        Exchange seeded = template.request("torrent:seed?directory=" + dir("data") + "&embeddedTracker=true",
                x -> x.getMessage().setBody(torrent));
        assertEquals(null, seeded.getException());
        assertEquals(created.getMessage().getHeader(TorrentConstants.INFO_HASH), seeded.getMessage().getHeader(TorrentConstants.INFO_HASH));

        // A separate engine finds the Camel seeder only through the embedded tracker.
        try (Session leecher = Session.open(new SessionConfig().listenPort(0).minAnnounceInterval(java.time.Duration.ofSeconds(1)))) {
            leecher.add(MetainfoReader.read(torrent), tmp.resolve("got"), new TorrentOptions())
                    .completion().get(60, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("got/shared.bin")));

        Path other = TestSeeder.writePayload(tmp.resolve("other"), "other.bin", Map.of("", data));
        byte[] otherTorrent = TorrentCreator.of(other).create().bytes();
        Files.write(other, new byte[data.length]);
        Exchange mismatch = template.request("torrent:seed?directory=" + dir("other"), x -> x.getMessage().setBody(otherTorrent));
        assertInstanceOf(TorrentException.class, mismatch.getException());
        assertTrue(mismatch.getException().getMessage().contains("does not match the torrent: 0 of"), mismatch.getException().getMessage());
    }

    @Test
    void aTorrentThatCannotBeAddedGivesItsDownloadSlotBack() throws Exception {
        byte[] data = TestTorrents.randomBytes(300_000, 29);
        Path source = TestSeeder.writePayload(tmp.resolve("data"), "busy.bin", Map.of("", data));
        byte[] busy = template.request("torrent:create", x -> x.getMessage().setBody(source.toFile())).getMessage().getBody(byte[].class);
        assertEquals(null, template.request("torrent:seed?directory=" + dir("data"), x -> x.getMessage().setBody(busy)).getException());

        // Seeded from data/, so every download of it elsewhere fails; more failures than the 4 slots would
        // hang the next download if a failed add kept its slot.
        for (int i = 0; i < 6; i++) {
            Exchange refused = template.request(download(), x -> x.getMessage().setBody(busy));
            assertInstanceOf(TorrentException.class, refused.getException());
            assertTrue(refused.getException().getMessage().contains("already in the session"), refused.getException().getMessage());
        }
        byte[] other = TestTorrents.randomBytes(200_000, 30);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "after.bin", Map.of("", other)), 16 * 1024);
        Exchange after = template.request("direct:thread", x -> x.getMessage().setBody(torrent));
        assertEquals(null, after.getException());
        assertArrayEquals(other, after.getMessage().getBody(byte[].class));
        // the rest of the route runs on the producer's pool, never on an engine (disk or network) thread
        assertTrue(after.getMessage().getHeader("thread", String.class).contains("TorrentProducer"),
                after.getMessage().getHeader("thread", String.class));
    }

    @Test
    void theGeneratedConfigurersAndUriFactoryAreUsed() {
        assertInstanceOf(TorrentEndpointConfigurer.class, org.apache.camel.support.PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("torrent-endpoint", context));
        assertInstanceOf(TorrentComponentConfigurer.class, org.apache.camel.support.PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("torrent-component", context));
        assertInstanceOf(TorrentEndpointUriFactory.class, context.getCamelContextExtension().getEndpointUriFactory("torrent"));
        TorrentEndpoint e = context.getEndpoint("torrent:download?pieceOrder=RAREST_FIRST&seedTime=2s&seedRatio=1.5", TorrentEndpoint.class);
        assertEquals(org.yamtorrent.engine.picker.PieceOrder.RAREST_FIRST, e.getConfiguration().getPieceOrder());
        assertEquals(2000, e.getConfiguration().getSeedTime());
        assertEquals(1.5, e.getConfiguration().getSeedRatio());
    }

    @Test
    void componentOptionsAreEveryEndpointsDefaultsAndAnEndpointChangesOnlyItsCopy() {
        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        // through the generated component configurer, as camel.component.torrent.seed-ratio would
        org.apache.camel.support.PropertyBindingSupport.build()
                .bind(context, component, new java.util.HashMap<>(Map.of("seedRatio", "2.5", "pieceOrder", "RAREST_FIRST")));
        TorrentEndpoint e = context.getEndpoint("torrent:seed?seedRatio=0.5&directory=x", TorrentEndpoint.class);
        assertEquals(0.5, e.getConfiguration().getSeedRatio());
        assertEquals(org.yamtorrent.engine.picker.PieceOrder.RAREST_FIRST, e.getConfiguration().getPieceOrder());
        assertEquals(TorrentOperation.seed, e.getConfiguration().getOperation());
        assertEquals(2.5, component.getConfiguration().getSeedRatio());
        assertEquals("downloads", component.getConfiguration().getDirectory());
        assertEquals(null, component.getConfiguration().getOperation());
    }
}
