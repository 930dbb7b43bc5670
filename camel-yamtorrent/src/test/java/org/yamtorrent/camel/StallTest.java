package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * No silent waits: a torrent whose only tracker is down (and, for the producer, whose only peer refuses connections)
 * is shown as stalled, with why, and fails at stallTimeout.
 */
@Timeout(60)
class StallTest extends TorrentTestSupport {

    private final String deadTracker = "http://127.0.0.1:" + closedPort() + "/announce";

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        ctx.getComponent("torrent", TorrentComponent.class).setStallLogInterval(1000);
        return ctx;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("torrent:download?watchDirectory=" + dir("drop") + "&directory=" + dir("work")
                        + "&delay=50&initialDelay=0&progressInterval=0&stallTimeout=5s").routeId("stall").to("mock:out");
                from("direct:job").to("torrent:download?directory=" + dir("jobs") + "&progressInterval=0&stallTimeout=3s"
                        + "&staticPeers=127.0.0.1:" + closedPort());
            }
        };
    }

    private byte[] orphan(String name) throws Exception {
        Path source = TestSeeder.writePayload(tmp.resolve("seed-" + name), name, Map.of("", TestTorrents.randomBytes(100_000, 5)));
        return TorrentCreator.of(source).announce(deadTracker).create().bytes();
    }

    @Test
    void aDropWithItsOnlyTrackerDownIsStalledThenFailedWithTheReason() throws Exception {
        TorrentConsumerTest.drop(tmp.resolve("drop"), "orphan.torrent", orphan("orphan.bin"));
        TorrentComponent c = context.getComponent("torrent", TorrentComponent.class);
        TorrentConsumerTest.awaitTrue(() -> c.getStalledTorrents().getOrDefault("orphan.bin", "").contains("failed ("),
                "stalled with the tracker's error: " + c.getStalledTorrents());
        String why = c.getStalledTorrents().get("orphan.bin");
        assertTrue(why.contains(deadTracker + " failed (") && why.contains("0 peers connected"), why);
        assertTrue(why.contains("0 peers known, 0 tried"), why);
        Object detail = HealthCheckHelper.invoke(context).stream().filter(r -> r.getCheck().getId().equals("consumer:stall"))
                .map(r -> r.getDetails().get(TorrentHealth.STALLED)).findFirst().orElse(null);
        assertTrue(String.valueOf(detail).startsWith("orphan.bin: no payload data for"), "health details: " + detail);

        Path reason = tmp.resolve("drop/.failed/orphan.torrent.reason.txt");
        TorrentConsumerTest.awaitFile(reason);
        String text = Files.readString(reason);
        assertTrue(text.startsWith("TorrentException: orphan.bin stalled: no payload data for "), text);
        assertTrue(text.contains(deadTracker + " failed ("), text);
        assertTrue(c.getStalledTorrents().isEmpty(), "no longer watched: " + c.getStalledTorrents());
        assertEquals(0, getMockEndpoint("mock:out").getReceivedCounter());
    }

    @Test
    void aProducerDownloadWithNoPeerFailsTheExchangeAtItsStallTimeout() throws Exception {
        Exchange e = template.send("direct:job", x -> x.getMessage().setBody(orphan("job.bin")));
        TorrentException failure = assertInstanceOf(TorrentException.class, e.getException());
        assertTrue(failure.getMessage().startsWith("job.bin stalled: no payload data for "), failure.getMessage());
        assertTrue(failure.getMessage().contains(deadTracker + " failed ("), failure.getMessage());
        assertTrue(failure.getMessage().contains("1 peers known, 1 tried (1 unreachable, 0 did not join)"),
                "the static peer that refused the connection: " + failure.getMessage());
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
