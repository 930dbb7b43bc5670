package org.yamtorrent.camel;

import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentState;

/**
 * What the consumer and producer health checks share: readiness checks (never liveness: a swarm without peers is
 * no reason to restart the app) in Camel's group, reporting the engine session's state and the torrents' counts.
 */
abstract class TorrentHealth extends AbstractHealthCheck {

    static final String ACTIVE_TORRENTS = "torrent.active";
    static final String PEERS = "torrent.peers";
    static final String DHT_NODES = "torrent.dht.nodes";
    static final String LISTEN_PORT = "torrent.listen.port";
    static final String LAST_ERROR = "torrent.last.error";
    static final String STALLED = "torrent.stalled";

    private final TorrentComponent component;
    private final Supplier<Collection<TorrentHandle>> torrents;
    private final Supplier<Throwable> lastError;

    TorrentHealth(String id, TorrentComponent component, Supplier<Collection<TorrentHandle>> torrents,
                  Supplier<Throwable> lastError) {
        super("camel", id);
        this.component = component;
        this.torrents = torrents;
        this.lastError = lastError;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** Adds the checked consumer's or producer's own details; its own problem, or null when it has none. */
    String check(HealthCheckResultBuilder builder) {
        return null;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = check(builder);
        if (!session(builder, component, torrents.get(), lastError.get())) {
            return;
        }
        if (problem != null) {
            builder.message(problem);
            builder.down();
            return;
        }
        builder.up();
    }

    /**
     * Adds the details of {@code torrents} and marks the result DOWN when the session does not listen.
     *
     * @return whether the session listens
     */
    private static boolean session(HealthCheckResultBuilder builder, TorrentComponent component,
            Collection<TorrentHandle> torrents, Throwable lastError) {
        int active = 0;
        int peers = 0;
        for (TorrentHandle t : torrents) {
            TorrentState s = t.state();
            if (s == TorrentState.CHECKING || s == TorrentState.DOWNLOADING || s == TorrentState.SEEDING) {
                active++;
                peers += t.progress().peers();
            }
        }
        builder.detail(ACTIVE_TORRENTS, active);
        builder.detail(PEERS, peers);
        builder.detail(DHT_NODES, component.getDhtNodes());
        StringBuilder stalled = new StringBuilder();
        for (TorrentHandle t : torrents) {
            String why = component.getStallReason(t);
            if (why != null) {
                stalled.append(stalled.length() == 0 ? "" : "; ").append(t.name()).append(": ").append(why);
            }
        }
        if (stalled.length() > 0) {
            builder.detail(STALLED, stalled.toString());
        }
        if (lastError != null) {
            builder.detail(LAST_ERROR, lastError.getClass().getSimpleName() + ": " + lastError.getMessage());
        }
        Session session = component.getSession();
        if (session == null || !session.isListening()) {
            builder.message("the torrent session does not listen for peers (" + component.getListenAddress() + ":"
                    + component.getListenPort() + ")");
            builder.down();
            return false;
        }
        builder.detail(LISTEN_PORT, session.listenPort());
        return true;
    }
}
