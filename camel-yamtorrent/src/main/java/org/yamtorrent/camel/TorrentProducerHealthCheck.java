package org.yamtorrent.camel;

/**
 * Readiness of a {@code torrent:} producer, id {@code torrent-producer-<endpointId>}, registered when the
 * component's {@code healthCheckProducerEnabled} is on (Camel's producer checks are off unless
 * {@code camel.health.producers-enabled=true}): DOWN when the engine session does not listen for peers. Details:
 * the torrents this producer runs, their peers, DHT nodes, the last error.
 */
public class TorrentProducerHealthCheck extends TorrentHealth {

    public TorrentProducerHealthCheck(TorrentProducer producer, String endpointId) {
        super("torrent-producer-" + endpointId, producer.getEndpoint().getComponent(), producer::torrents,
                producer::lastError);
    }
}
