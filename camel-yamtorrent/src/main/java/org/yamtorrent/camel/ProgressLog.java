package org.yamtorrent.camel;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentState;

/**
 * One INFO line per active torrent every interval: name, percent, rate, peers, ETA; for a magnet link still
 * fetching its metadata, its peers.
 */
final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger("org.yamtorrent.progress");

    private ProgressLog() {
    }

    static void watch(ScheduledExecutorService timer, TorrentHandle t, long intervalMillis) {
        if (intervalMillis <= 0) {
            return;
        }
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = timer.scheduleAtFixedRate(() -> {
            TorrentState s = t.state();
            if (s != TorrentState.FETCHING_METADATA && s != TorrentState.CHECKING && s != TorrentState.DOWNLOADING) {
                self[0].cancel(false);
                return;
            }
            LOG.info(line(t.name(), s, t.progress()));
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        t.completion().whenComplete((x, e) -> self[0].cancel(false));
    }

    static String line(String name, TorrentState state, Progress p) {
        if (state == TorrentState.FETCHING_METADATA) {
            return String.format("%s: fetching metadata, %d peers", name, p.peers());
        }
        long eta = p.etaSeconds();
        return String.format("%s: %s %.1f%% %.1f MiB/s down, %.1f MiB/s up, %d peers, ETA %s", name,
                state.name().toLowerCase(), p.percent(), p.downloadRate() / (1 << 20), p.uploadRate() / (1 << 20),
                p.peers(), eta < 0 ? "unknown" : eta / 60 + "m" + eta % 60 + "s");
    }
}
