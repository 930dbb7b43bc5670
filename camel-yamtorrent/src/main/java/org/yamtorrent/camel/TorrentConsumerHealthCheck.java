package org.yamtorrent.camel;

import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of a {@code torrent:download} consumer, id {@code torrent-consumer-<routeId>} (Camel reports it under
 * the route's {@code consumer:<routeId>} check): DOWN when the engine session does not listen for peers or the drop
 * folder cannot be read. Details: the drop folder, active torrents, their peers, DHT nodes, the last error.
 */
public class TorrentConsumerHealthCheck extends TorrentHealth {

    static final String WATCH_DIRECTORY = "torrent.watch.directory";

    private final TorrentConsumer consumer;

    public TorrentConsumerHealthCheck(TorrentConsumer consumer, String routeId) {
        super("torrent-consumer-" + routeId, consumer.getEndpoint().getComponent(), consumer::torrents,
                consumer::lastError);
        this.consumer = consumer;
    }

    @Override
    String check(HealthCheckResultBuilder builder) {
        builder.detail(WATCH_DIRECTORY, String.valueOf(consumer.watchDirectory()));
        return consumer.watchProblem();
    }
}
