package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * Bare magnet links through the component's DHT with Debian's aria2c on 127.0.0.1: no tracker in the torrent, no
 * {@code tr=} or {@code x.pe=}, aria2c's only DHT entry point the component's DHT port. aria2c seeds and
 * {@code torrent:download} fetches the magnet; {@code torrent:seed} seeds and aria2c fetches the magnet. Both
 * bit-exact.
 */
@Timeout(150)
class Aria2MagnetDhtTest extends TorrentTestSupport {

    private int dhtPort;
    private final byte[] payload = TestTorrents.randomBytes(1024 * 1024 + 9, 71);

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        dhtPort = ExternalProgram.freeTcpAndUdpPort();
        TorrentComponent c = ctx.getComponent("torrent", TorrentComponent.class);
        c.setDht(true);
        c.setDhtPort(dhtPort);
        c.setDhtBootstrapNodes("");
        c.setStateDirectory(tmp.resolve("state").toString());
        return ctx;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:magnet").to("torrent:download?directory=" + dir("work") + "&timeout=120s&progressInterval=0");
                from("direct:seed").to("torrent:seed?directory=" + dir("seed"));
            }
        };
    }

    private byte[] trackerless() throws Exception {
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "magnet.bin", Map.of("", payload));
        byte[] torrent = TorrentCreator.of(source).pieceLength(32 * 1024).create().bytes();
        Files.write(tmp.resolve("t.torrent"), torrent);
        return torrent;
    }

    private List<String> aria2(String input, Path dir, String... more) throws Exception {
        List<String> options = new java.util.ArrayList<>(List.of("--enable-dht=true",
                "--dht-listen-port=" + ExternalProgram.freeTcpAndUdpPort(), "--dht-entry-point=127.0.0.1:" + dhtPort,
                "--dht-file-path=" + tmp.resolve("aria2-dht.dat"), "--console-log-level=info"));
        options.addAll(List.of(more));
        return ExternalProgram.aria2c(input, dir, ExternalProgram.freeTcpPort(), options.toArray(String[]::new));
    }

    @Test
    void aBareMagnetDownloadsFromAria2ThroughTheComponentsDht() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Metainfo m = MetainfoReader.read(trackerless());
        try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), aria2(
                tmp.resolve("t.torrent").toString(), tmp.resolve("seed"), "--check-integrity=true", "--seed-ratio=0.0"))) {
            Exchange e = template.send("direct:magnet", x -> x.getMessage().setBody("magnet:?xt=urn:btih:" + m.infoHash().hex()));
            assertNull(e.getException(), () -> "aria2c: " + log(aria2));
            assertArrayEquals(payload, Files.readAllBytes(e.getMessage().getBody(File.class).toPath()));
        }
    }

    @Test
    void aria2FetchesABareMagnetFromTheSeedEndpointThroughTheDht() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        byte[] torrent = trackerless();
        template.sendBody("direct:seed", torrent);
        Path out = Files.createDirectories(tmp.resolve("aria2"));
        String magnet = "magnet:?xt=urn:btih:" + MetainfoReader.read(torrent).infoHash().hex();
        try (ExternalProgram aria2 = ExternalProgram.start(tmp.resolve("aria2.log"), aria2(magnet, out, "--seed-time=0",
                "--bt-save-metadata=false"))) {
            aria2.await(() -> !aria2.isAlive(), Duration.ofSeconds(120), "aria2c's download of the bare magnet");
            assertEquals(0, aria2.exitValue(), aria2.log());
        }
        assertArrayEquals(payload, Files.readAllBytes(out.resolve("magnet.bin")));
    }

    private static String log(ExternalProgram p) {
        try {
            return p.log();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
