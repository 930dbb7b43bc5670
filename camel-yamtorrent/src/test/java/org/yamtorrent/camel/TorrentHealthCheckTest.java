package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.MetainfoReader;

/** The consumer's and the producer's checks, read from the CamelContext's health-check registry. */
@Timeout(120)
class TorrentHealthCheckTest extends TorrentTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).to("mock:errors");
                // no bridgeErrorHandler: a failed drop is logged, the route never sees it
                from("torrent:download?watchDirectory=" + dir("drop") + "&directory=" + dir("work") + "&staticPeers="
                        + seeder.address() + "&delay=50&initialDelay=0&progressInterval=0")
                        .routeId("drop").to("mock:out");
                from("direct:job").to("torrent:download?directory=" + dir("jobs") + "&staticPeers=" + seeder.address()
                        + "&progressInterval=0").to("mock:job");
            }
        };
    }

    private byte[] halfSeeded(String name) throws Exception {
        return seeder.seedHalf(tmp.resolve("seed-" + name), name, List.of());
    }

    private static Optional<HealthCheck.Result> result(org.apache.camel.CamelContext context, String id) {
        return HealthCheckHelper.invoke(context).stream().filter(r -> r.getCheck().getId().equals(id)).findFirst();
    }

    private void await(String id, Predicate<HealthCheck.Result> condition, String what) throws InterruptedException {
        TorrentConsumerTest.awaitTrue(() -> result(context, id).filter(condition).isPresent(),
                id + " " + what + ", last: " + result(context, id).map(r -> r.getState() + " " + r.getMessage()
                        + " " + r.getDetails()).orElse("no such check"));
    }

    private static Predicate<HealthCheck.Result> state(HealthCheck.State s) {
        return r -> r.getState() == s;
    }

    private static Predicate<HealthCheck.Result> detail(String key, Object value) {
        return r -> value.equals(r.getDetails().get(key));
    }

    @Test
    void theConsumerCheckCountsTorrentsAndPeersAndIsDownWhileTheDropFolderCannotBeRead() throws Exception {
        TorrentConsumerTest.drop(tmp.resolve("drop"), "half.torrent", halfSeeded("half.bin"));
        // the route's consumer check carries the torrent consumer's own check
        await("consumer:drop", state(HealthCheck.State.UP).and(detail(TorrentHealth.ACTIVE_TORRENTS, 1))
                .and(detail(TorrentHealth.PEERS, 1)).and(detail(TorrentHealth.DHT_NODES, 0)), "counts one torrent, one peer");
        int port = context.getComponent("torrent", TorrentComponent.class).getSession().listenPort();
        assertEquals(port, result(context, "consumer:drop").get().getDetails().get(TorrentHealth.LISTEN_PORT));

        Path drop = tmp.resolve("drop");
        Files.move(drop, tmp.resolve("drop-away"));
        Files.writeString(drop, "a file where the drop folder was");
        await("consumer:drop", state(HealthCheck.State.DOWN)
                .and(r -> r.getMessage().orElse("").contains("drop folder " + drop)), "is DOWN naming the folder");

        Files.delete(drop);
        Files.move(tmp.resolve("drop-away"), drop);
        await("consumer:drop", state(HealthCheck.State.UP), "is UP again");
    }

    @Test
    void withoutBridgeErrorHandlerAFailedDropIsLoggedAndShownNotRouted() throws Exception {
        TorrentConsumerTest.drop(tmp.resolve("drop"), "broken.torrent", "d4:infod4:name3:abcee".getBytes());
        TorrentConsumerTest.awaitFile(tmp.resolve("drop/.failed/broken.torrent.reason.txt"));
        await("consumer:drop", state(HealthCheck.State.UP).and(r -> String.valueOf(r.getDetails()
                .get(TorrentHealth.LAST_ERROR)).startsWith("MetainfoException")), "shows the last error");
        assertEquals(0, getMockEndpoint("mock:errors").getReceivedCounter(), "the route's error handler saw nothing");
    }

    @Test
    void theProducerCheckCountsItsTorrentsAndEveryCheckIsDownOnceTheSessionStopsListening() throws Exception {
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        producers.setEnabled(true);
        byte[] job = halfSeeded("job.bin");
        template.asyncSendBody("direct:job", job);
        String id = "torrent-producer-" + context.getEndpoints().stream()
                .filter(e -> e.getEndpointUri().contains("jobs")).map(e -> ((TorrentEndpoint) e).getId()).findFirst().orElseThrow();
        await(id, state(HealthCheck.State.UP).and(detail(TorrentHealth.ACTIVE_TORRENTS, 1))
                .and(detail(TorrentHealth.PEERS, 1)), "counts the job's torrent");

        org.yamtorrent.engine.session.Session session = context.getComponent("torrent", TorrentComponent.class).getSession();
        var torrent = session.find(MetainfoReader.read(job).infoHash());
        session.close();
        await(id, state(HealthCheck.State.DOWN).and(r -> r.getMessage().orElse("").contains("does not listen")),
                "is DOWN");
        await("consumer:drop", state(HealthCheck.State.DOWN), "is DOWN");
        assertEquals(0, getMockEndpoint("mock:job").getReceivedCounter(), "the job did not complete");
        torrent.stop(); // fails the job, so the context need not wait for it to stop
    }
}
