package org.yamtorrent.camel;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of a {@code torrent:} producer, id {@code torrent-producer-<endpointId>}, registered when the
 * component's {@code healthCheckProducerEnabled} is on (Camel's producer checks are off unless
 * {@code camel.health.producers-enabled=true}): DOWN when the engine session does not listen for peers. Details:
 * the torrents this producer runs, their peers, DHT nodes, the last error.
 */
public class TorrentProducerHealthCheck extends AbstractHealthCheck {

    private final TorrentProducer producer;

    public TorrentProducerHealthCheck(TorrentProducer producer, String endpointId) {
        super("camel", "torrent-producer-" + endpointId);
        this.producer = producer;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (TorrentHealth.session(builder, producer.getEndpoint().getComponent(), producer.torrents(),
                producer.lastError())) {
            builder.up();
        }
    }
}
