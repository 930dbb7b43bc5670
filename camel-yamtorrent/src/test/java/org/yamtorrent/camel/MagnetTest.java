package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.MetadataTimeoutException;

/**
 * Magnet links through the component, against a real seeding session reached by {@code x.pe} only: a magnet body
 * downloads, a dropped .magnet file downloads, {@code torrent:info} hands on the .torrent bytes, and a magnet no
 * peer has fails at its timeout with a {@link MetadataTimeoutException}: the exchange fails, the drop goes to
 * .failed/ with the reason.
 */
@Timeout(120)
class MagnetTest extends TorrentTestSupport {

    private static final String NOBODY = "magnet:?xt=urn:btih:" + "ab".repeat(20) + "&dn=nobody";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:download").to("torrent:download?directory=" + dir("jobs") + "&timeout=60s&progressInterval=1s");
                from("direct:info").to("torrent:info?directory=" + dir("info") + "&timeout=30s");
                from("direct:info-nobody").to("torrent:info?directory=" + dir("info") + "&timeout=2s");
                from("torrent:download?watchDirectory=" + dir("drop") + "&directory=" + dir("work")
                        + "&delay=50&initialDelay=0&progressInterval=0&timeout=3s").to("mock:out");
            }
        };
    }

    /** Seeds a new payload and returns its metainfo; {@code data} gets the payload. */
    private Metainfo seed(String name, byte[] data) throws Exception {
        Path source = TestSeeder.writePayload(tmp.resolve("seed-" + name), name, Map.of("", data));
        return MetainfoReader.read(seeder.seed(source, 16 * 1024));
    }

    private String magnet(Metainfo m) {
        return "magnet:?xt=urn:btih:" + m.infoHash().hex() + "&dn=" + m.name() + "&x.pe=" + seeder.address();
    }

    @Test
    void aMagnetBodyDownloadsAndItsMetadataIsKept() throws Exception {
        byte[] data = TestTorrents.randomBytes(300_000, 1);
        Metainfo m = seed("body.bin", data);
        Exchange e = template.send("direct:download", x -> x.getMessage().setBody(magnet(m)));
        assertNull(e.getException());
        assertArrayEquals(data, Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        assertEquals(m.infoHash().hex(), e.getMessage().getHeader(TorrentConstants.INFO_HASH));
        Path saved = tmp.resolve("jobs/.yamtorrent/resume/" + m.infoHash().hex() + ".torrent");
        assertArrayEquals(m.rawInfo(), new MetainfoReader().parse(saved).rawInfo(), "the .torrent beside the resume record");
    }

    /** BEP 52: a v2-only magnet (btmh, no btih); its piece layers come from the seeder by hash requests. */
    @Test
    void aV2OnlyMagnetBodyDownloads() throws Exception {
        byte[] data = TestTorrents.randomBytes(400_000, 4);
        Path source = TestSeeder.writePayload(tmp.resolve("seed-v2"), "v2.bin", Map.of("", data));
        Metainfo m = MetainfoReader.read(seeder.seed(source, 16 * 1024, TorrentCreator.MetaVersion.V2));
        String magnet = "magnet:?xt=urn:btmh:1220" + HexFormat.of().formatHex(m.infoHash().v2()) + "&dn=v2.bin&x.pe="
                + seeder.address();
        Exchange e = template.send("direct:download", x -> x.getMessage().setBody(magnet));
        assertNull(e.getException());
        assertArrayEquals(data, Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        Path saved = tmp.resolve("jobs/.yamtorrent/resume/" + m.infoHash().hex() + ".torrent");
        Metainfo kept = new MetainfoReader().parse(saved);
        assertArrayEquals(m.pieceLayers().layer(m.pieceLayers().piecesRoot(0)),
                kept.pieceLayers().layer(m.pieceLayers().piecesRoot(0)), "the saved .torrent has the fetched piece layer");
    }

    @Test
    void aDroppedMagnetFileDownloadsLikeATorrent() throws Exception {
        byte[] data = TestTorrents.randomBytes(200_000, 2);
        Metainfo m = seed("dropped.bin", data);
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        TorrentConsumerTest.drop(tmp.resolve("drop"), "dropped.magnet", (magnet(m) + "\n").getBytes(StandardCharsets.UTF_8));
        out.assertIsSatisfied(60_000);
        assertArrayEquals(data, out.getExchanges().get(0).getMessage().getBody(byte[].class));
        TorrentConsumerTest.awaitFile(tmp.resolve("drop/.done/dropped.magnet"));
    }

    @Test
    void infoOnAMagnetHandsOnTheTorrentBytes() throws Exception {
        Metainfo m = seed("info.bin", TestTorrents.randomBytes(100_000, 3));
        Exchange e = template.send("direct:info", x -> x.getMessage().setBody(magnet(m) + "&tr=http://127.0.0.1:1/announce"));
        assertNull(e.getException());
        Metainfo torrent = MetainfoReader.read(e.getMessage().getBody(byte[].class));
        assertArrayEquals(m.rawInfo(), torrent.rawInfo(), "the info dictionary from the seeder");
        assertEquals(List.of(List.of("http://127.0.0.1:1/announce")), torrent.trackerTiers(), "the magnet's tracker");
        assertEquals(m.infoHash().hex(), e.getMessage().getHeader(TorrentConstants.INFO_HASH));
        assertEquals(100_000L, e.getMessage().getHeader(TorrentConstants.TOTAL_LENGTH));
        assertEquals("info.bin.torrent", e.getMessage().getHeader(Exchange.FILE_NAME));
        TorrentComponent c = context.getComponent("torrent", TorrentComponent.class);
        assertNull(c.getSession().find(m.infoHash()), "the metadata fetch stopped once it had the metadata");
        assertTrue(Files.notExists(tmp.resolve("info/info.bin")), "no payload written");
    }

    @Test
    void aMagnetNoPeerHasFailsAtItsTimeout() throws Exception {
        Exchange e = template.send("direct:info-nobody", x -> x.getMessage().setBody(NOBODY));
        MetadataTimeoutException failure = assertInstanceOf(MetadataTimeoutException.class, e.getException());
        assertEquals("ab".repeat(20), failure.infoHash());
        assertTrue(failure.getMessage().startsWith("no metadata for " + "ab".repeat(20) + " (nobody) within 2 s"),
                failure.getMessage());

        TorrentConsumerTest.drop(tmp.resolve("drop"), "lost.magnet", NOBODY.getBytes(StandardCharsets.UTF_8));
        Path reason = tmp.resolve("drop/.failed/lost.magnet.reason.txt");
        TorrentConsumerTest.awaitFile(reason);
        String text = Files.readString(reason);
        assertTrue(text.startsWith("MetadataTimeoutException: no metadata for " + "ab".repeat(20) + " (nobody) within 3 s"),
                text);
        assertEquals(0, getMockEndpoint("mock:out").getReceivedCounter());
    }

    @Test
    void aBrokenMagnetFileGoesToFailedWithTheReason() throws Exception {
        TorrentConsumerTest.drop(tmp.resolve("drop"), "broken.magnet",
                "magnet:?xt=urn:btmh:1220".concat("zz".repeat(32)).getBytes(StandardCharsets.UTF_8));
        Path reason = tmp.resolve("drop/.failed/broken.magnet.reason.txt");
        TorrentConsumerTest.awaitFile(reason);
        assertTrue(Files.readString(reason).startsWith("MetainfoException: "), Files.readString(reason));
    }
}
