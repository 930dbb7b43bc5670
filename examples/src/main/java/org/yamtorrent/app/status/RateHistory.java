package org.yamtorrent.app.status;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;

/** The last minutes of each torrent's download and upload rate, one sample every {@link #SAMPLE_SECONDS}. */
final class RateHistory {

    static final int SAMPLE_SECONDS = 2;

    private final int samples;
    private final Map<String, Deque<long[]>> rates = new ConcurrentHashMap<>();

    RateHistory(int samples) {
        this.samples = samples;
    }

    /** Records the torrents' rates now; forgets torrents no longer listed. */
    void sample(Collection<TorrentHandle> torrents) {
        List<String> seen = new ArrayList<>();
        for (TorrentHandle t : torrents) {
            String key = t.infoHash().hex();
            seen.add(key);
            Progress p = t.progress();
            Deque<long[]> d = rates.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (d) {
                d.addLast(new long[] { Math.round(p.downloadRate()), Math.round(p.uploadRate()) });
                while (d.size() > samples) {
                    d.removeFirst();
                }
            }
        }
        rates.keySet().retainAll(seen);
    }

    /** [[down, up], ...] oldest first, as JSON-ready lists. */
    List<List<Long>> of(TorrentHandle t) {
        Deque<long[]> d = rates.get(t.infoHash().hex());
        List<List<Long>> out = new ArrayList<>();
        if (d != null) {
            synchronized (d) {
                d.forEach(r -> out.add(List.of(r[0], r[1])));
            }
        }
        return out;
    }
}
