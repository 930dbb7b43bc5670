package org.yamtorrent.engine.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.yamtorrent.engine.tracker.Announcer;
import org.yamtorrent.engine.tracker.TrackerClient;
import org.yamtorrent.engine.tracker.TransferStats;

/**
 * Makes each torrent's {@link Announcer}: its metadata's tiers plus the extra trackers of its options (a tier each),
 * all sharing the session's tracker client, peer id, listen port and timer thread.
 */
final class Announcers implements AutoCloseable {

    private final TrackerClient client;
    private final byte[] peerId;
    private final int listenPort;
    private final ScheduledExecutorService timer;
    private final Duration minimumInterval;

    Announcers(TrackerClient client, byte[] peerId, int listenPort, ScheduledExecutorService timer,
            Duration minimumInterval) {
        this.client = client;
        this.peerId = peerId;
        this.listenPort = listenPort;
        this.timer = timer;
        this.minimumInterval = minimumInterval;
    }

    /** The torrent's announcer, or null when it has no tracker or must not use trackers. */
    Announcer forTorrent(TorrentHandle t, TorrentOptions options) {
        List<List<String>> tiers = new ArrayList<>(t.metainfo() == null ? List.of() : t.metainfo().trackerTiers());
        for (String url : options.extraTrackers()) {
            if (tiers.stream().noneMatch(tier -> tier.contains(url))) {
                tiers.add(List.of(url));
            }
        }
        if (!options.useTrackers() || tiers.isEmpty()) {
            return null;
        }
        return Announcer.builder(client, t.infoHash(), peerId, listenPort)
                .trackers(tiers)
                .scheduler(timer)
                .minimumInterval(minimumInterval)
                .stats(() -> stats(t))
                .onPeers(peers -> t.addPeers(peers, PeerSource.TRACKER))
                .build();
    }

    /** What we tell trackers; before the metadata, how much is left is unknown, so one byte (never a seed). */
    private static TransferStats stats(TorrentHandle t) {
        Progress p = t.progress();
        long left = t.metainfo() == null ? 1 : p.totalBytes() - p.verifiedBytes();
        return new TransferStats(p.uploaded(), p.downloaded(), left);
    }

    @Override
    public void close() {
        client.close();
    }
}
