package org.yamtorrent.camel;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a {@code torrent:download} consumer, id {@code torrent-consumer-<routeId>} (Camel reports it under
 * the route's {@code consumer:<routeId>} check): DOWN when the engine session does not listen for peers or the drop
 * folder cannot be read. Details: active torrents, their peers, DHT nodes, the last error.
 */
public class TorrentConsumerHealthCheck extends AbstractHealthCheck {

    static final String WATCH_DIRECTORY = "torrent.watch.directory";

    private final TorrentConsumer consumer;

    public TorrentConsumerHealthCheck(TorrentConsumer consumer, String routeId) {
        super("camel", "torrent-consumer-" + routeId);
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(WATCH_DIRECTORY, String.valueOf(consumer.watchDirectory()));
        if (!TorrentHealth.session(builder, consumer.getEndpoint().getComponent(), consumer.torrents(),
                consumer.lastError())) {
            return;
        }
        String problem = consumer.watchProblem();
        if (problem != null) {
            builder.message(problem);
            builder.down();
            return;
        }
        builder.up();
    }
}
