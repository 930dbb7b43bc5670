package org.yamtorrent.camel;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentState;
import org.yamtorrent.engine.tracker.TrackerStatus;

/**
 * No silent waits: a download that receives no payload data for {@code logInterval} is stalled. It logs a WARN with
 * the reason (connected peers, each tracker's last result, the peers the trackers gave, the peers dialled and how
 * that went) every {@code logInterval}
 * while it stays stalled, the health checks and the console show it, and with a stall timeout it is stopped once it
 * has been stalled that long, the reason kept for whoever reports the failure.
 */
final class StallWatch {

    private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);
    private static final long TICK_MILLIS = 1000;

    private final ScheduledExecutorService timer;
    private final long logIntervalNanos;
    private final Map<TorrentHandle, Watched> watched = new ConcurrentHashMap<>();
    private final Map<TorrentHandle, String> stopped = new ConcurrentHashMap<>();

    StallWatch(ScheduledExecutorService timer, long logIntervalMillis) {
        this.timer = timer;
        this.logIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, logIntervalMillis));
    }

    /** Watches {@code t} until it completes; {@code timeoutMillis} > 0 stops it after that long stalled. */
    void watch(TorrentHandle t, long timeoutMillis) {
        Watched w = new Watched(t, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        if (watched.putIfAbsent(t, w) != null) {
            return;
        }
        ScheduledFuture<?> tick = timer.scheduleWithFixedDelay(w::check, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        t.completion().whenComplete((x, e) -> {
            tick.cancel(false);
            watched.remove(t);
        });
    }

    /** Every stalled torrent's name and reason. */
    Map<String, String> stalled() {
        Map<String, String> m = new LinkedHashMap<>();
        watched.values().stream().filter(w -> w.reason != null).forEach(w -> m.put(w.torrent.name(), w.reason));
        return m;
    }

    /** Why the torrent is stalled, or null. */
    String reason(TorrentHandle t) {
        Watched w = watched.get(t);
        return w == null ? null : w.reason;
    }

    /** Why the stall timeout stopped {@code t}, once; null when it did not. */
    String takeStopReason(TorrentHandle t) {
        return stopped.remove(t);
    }

    /** One torrent's quiet time; touched only by the timer thread, the reason read by any. */
    private final class Watched {
        final TorrentHandle torrent;
        final long timeoutNanos;
        long downloaded = -1;
        long quietSince = System.nanoTime();
        long warnedAt;
        volatile String reason;

        Watched(TorrentHandle torrent, long timeoutNanos) {
            this.torrent = torrent;
            this.timeoutNanos = timeoutNanos;
        }

        void check() {
            long now = System.nanoTime();
            long d = torrent.progress().downloaded();
            if (torrent.state() != TorrentState.DOWNLOADING || d != downloaded) {
                downloaded = d;
                quietSince = now;
                reason = null;
                return;
            }
            long quiet = now - quietSince;
            if (quiet < logIntervalNanos) {
                return;
            }
            reason = describe(torrent, quiet);
            if (warnedAt == 0 || now - warnedAt >= logIntervalNanos) {
                warnedAt = now;
                LOG.warn("{}: stalled: {}", torrent.name(), reason);
            }
            if (timeoutNanos > 0 && quiet >= timeoutNanos) {
                stopped.put(torrent, reason);
                torrent.stop();
            }
        }
    }

    static String describe(TorrentHandle t, long quietNanos) {
        List<TrackerStatus> trackers = t.trackers();
        int fromTrackers = trackers.stream().mapToInt(TrackerStatus::peers).sum();
        String each = trackers.isEmpty() ? "no trackers"
                : trackers.stream().map(StallWatch::describe).collect(Collectors.joining(", ", "trackers: ", ""));
        return "no payload data for " + Duration.ofNanos(quietNanos).toSeconds() + " s; " + t.progress().peers()
               + " peers connected; " + each + "; " + fromTrackers + " peers from trackers; " + t.dialStats();
    }

    private static String describe(TrackerStatus s) {
        if (s.error() != null) {
            return s.tracker() + " failed (" + s.error() + ")";
        }
        return s.lastAnnounce() == null ? s.tracker() + " not answered yet" : s.tracker() + " gave " + s.peers() + " peers";
    }
}
