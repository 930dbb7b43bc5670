package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.console.DevConsole;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.dht.DhtConfig;
import org.yamtorrent.engine.dht.DhtNode;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * The component's DHT options: with {@code dht=true} and a DHT node on 127.0.0.1 as its only bootstrap node, a
 * .torrent without trackers and without static peers is downloaded bit-exact from a seeder that only the DHT names,
 * the consumer's health check and the dev console count the DHT nodes, and the routing table is saved in
 * {@code stateDirectory}.
 */
@Timeout(120)
class TorrentDhtTest extends TorrentTestSupport {

    private DhtNode router;
    private Session dhtSeeder;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        router = DhtNode.start(DhtConfig.of(new InetSocketAddress("127.0.0.1", 0), List.of(), null));
        CamelContext ctx = super.createCamelContext();
        TorrentComponent c = ctx.getComponent("torrent", TorrentComponent.class);
        c.setDht(true);
        c.setDhtPort(0);
        c.setDhtBootstrapNodes("127.0.0.1:" + router.localAddress().getPort() + ", unresolvable.invalid:6881");
        c.setStateDirectory(tmp.resolve("state").toString());
        return ctx;
    }

    @AfterEach
    void closeDht() {
        if (dhtSeeder != null) {
            dhtSeeder.close();
        }
        router.close();
    }

    @Test
    void aTrackerlessTorrentDownloadsFromAPeerTheDhtFoundAndTheHealthCheckCountsNodes() throws Exception {
        byte[] payload = TestTorrents.randomBytes(200 * 1024 + 3, 41);
        Path source = TestSeeder.writePayload(tmp.resolve("seed"), "dht.bin", Map.of("", payload));
        byte[] torrent = TorrentCreator.of(source).pieceLength(16 * 1024).create().bytes();
        Metainfo m = MetainfoReader.read(torrent);
        assertTrue(m.announce() == null && m.announceList().isEmpty(), "no tracker in the torrent");
        dhtSeeder = Session.open(new SessionConfig().listenPort(0).dht(true).dhtPort(0)
                .dhtBootstrapNodes(List.of("127.0.0.1:" + router.localAddress().getPort())));
        dhtSeeder.add(m, source.getParent(), new TorrentOptions().useTrackers(false).seedForever())
                .completion().get(30, TimeUnit.SECONDS);

        RouteBuilder.addRoutes(context, r -> r.from("torrent:download?watchDirectory=" + dir("drop") + "&directory="
                + dir("work") + "&delay=50&initialDelay=0&progressInterval=0").routeId("drop").to("mock:out"));
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(1);
        out.setResultWaitTime(60_000); // a lookup that finds nobody yet is repeated 10 s later
        TorrentConsumerTest.drop(tmp.resolve("drop"), "dht.torrent", torrent);
        out.assertIsSatisfied();
        assertArrayEquals(payload, Files.readAllBytes(out.getExchanges().get(0).getIn().getBody(File.class).toPath()));

        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        assertTrue(component.getDhtNodes() >= 1, "the component's DHT knows the router: " + component.getDhtNodes());
        TorrentConsumerTest.awaitTrue(() -> HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:drop")).anyMatch(r -> r.getState() == HealthCheck.State.UP
                        && r.getDetails().get(TorrentHealth.DHT_NODES) instanceof Integer n && n >= 1),
                "the consumer check's " + TorrentHealth.DHT_NODES + " detail counts the router");
        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("torrent");
        assertNotNull(console);
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertTrue(text.contains(component.getDhtNodes() + " DHT nodes"), text);

        context.stop();
        assertTrue(Files.size(tmp.resolve("state").resolve("dht.state")) > 0, "the routing table saved in stateDirectory");
        assertEquals(0, component.getDhtNodes(), "no DHT once the component stopped");
    }
}
