package org.yamtorrent.camel;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentListener;
import org.yamtorrent.engine.session.TorrentState;

/**
 * Micrometer meters of the torrents, tagged {@code torrent=<name or info-hash>}: gauges {@code yamtorrent.torrents.active}
 * and {@code yamtorrent.peers}, counters {@code yamtorrent.bytes.downloaded}, {@code yamtorrent.bytes.uploaded},
 * {@code yamtorrent.pieces.verified} and {@code yamtorrent.pieces.failed}. At most {@code maxTags} tag values: the
 * torrents beyond share {@code torrent=other}, so a busy drop folder cannot grow the registry without bound. Bytes
 * are sampled (every call of {@link #sample()} and when a torrent ends); pieces are counted as they are hashed.
 * Only loaded when Micrometer is on the class path.
 */
final class TorrentMetrics {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final boolean byInfoHash;
    private final int maxTags;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    /** The bytes each watched torrent had at its last sample; guarded by this. */
    private final Map<TorrentHandle, long[]> sampled = new HashMap<>();

    /** The meters on the registry's single MeterRegistry, or null when it holds none. */
    static TorrentMetrics of(org.apache.camel.spi.Registry beans, boolean byInfoHash, int maxTags) {
        MeterRegistry registry = beans.findSingleByType(MeterRegistry.class);
        return registry == null ? null : new TorrentMetrics(registry, byInfoHash, maxTags);
    }

    TorrentMetrics(MeterRegistry registry, boolean byInfoHash, int maxTags) {
        this.registry = registry;
        this.byInfoHash = byInfoHash;
        this.maxTags = Math.max(0, maxTags);
    }

    /**
     * A listener for a torrent's options, so the torrent is metered from its first event (the start of its check)
     * until it stops or fails, and no piece or byte passes unseen.
     */
    TorrentListener listener() {
        return new TorrentListener() {
            @Override
            public void pieceVerified(TorrentHandle torrent, int piece) {
                watch(torrent).verified.increment();
            }

            @Override
            public void pieceFailed(TorrentHandle torrent, int piece) {
                watch(torrent).failed.increment();
            }

            @Override
            public void stateChanged(TorrentHandle torrent, TorrentState state) {
                Group g = watch(torrent);
                if (state == TorrentState.STOPPED || state == TorrentState.ERROR) {
                    forget(torrent, g);
                }
            }
        };
    }

    /** The torrent's group, where it is a member from its first event on. */
    private Group watch(TorrentHandle t) {
        Group g = group(byInfoHash ? t.infoHash().hex() : t.name());
        synchronized (this) {
            // counted from 0: the handle's totals start when it was added
            if (sampled.putIfAbsent(t, new long[2]) == null) {
                g.members.add(t);
            }
        }
        return g;
    }

    /** Counts the bytes every watched torrent moved since the last sample. */
    synchronized void sample() {
        for (Group g : groups.values()) {
            for (TorrentHandle t : g.members) {
                sample(t, g);
            }
        }
    }

    private synchronized void sample(TorrentHandle t, Group g) {
        long[] last = sampled.get(t);
        if (last == null) {
            return;
        }
        Progress p = t.progress();
        g.downloaded.increment(Math.max(0, p.downloaded() - last[0]));
        g.uploaded.increment(Math.max(0, p.uploaded() - last[1]));
        last[0] = Math.max(last[0], p.downloaded());
        last[1] = Math.max(last[1], p.uploaded());
    }

    private synchronized void forget(TorrentHandle t, Group g) {
        sample(t, g);
        sampled.remove(t);
        g.members.remove(t);
    }

    /** The meters of a tag value, or of {@code other} once {@code maxTags} values exist. */
    private Group group(String tag) {
        Group g = groups.get(tag);
        if (g != null) {
            return g;
        }
        synchronized (groups) {
            long own = groups.keySet().stream().filter(k -> !k.equals(OTHER)).count();
            String value = own < maxTags && !tag.equals(OTHER) ? tag : OTHER;
            return groups.computeIfAbsent(value, v -> new Group(registry, Tags.of("torrent", v)));
        }
    }

    /** The meters one tag value shares. */
    private static final class Group {
        final Set<TorrentHandle> members = ConcurrentHashMap.newKeySet();
        final Counter downloaded;
        final Counter uploaded;
        final Counter verified;
        final Counter failed;

        Group(MeterRegistry registry, Tags tags) {
            downloaded = Counter.builder("yamtorrent.bytes.downloaded").baseUnit("bytes").tags(tags)
                    .description("Payload bytes received from peers").register(registry);
            uploaded = Counter.builder("yamtorrent.bytes.uploaded").baseUnit("bytes").tags(tags)
                    .description("Payload bytes sent to peers").register(registry);
            verified = Counter.builder("yamtorrent.pieces.verified").tags(tags)
                    .description("Pieces whose hash matched").register(registry);
            failed = Counter.builder("yamtorrent.pieces.failed").tags(tags)
                    .description("Pieces whose data did not match their hash").register(registry);
            Gauge.builder("yamtorrent.torrents.active", members, m -> m.stream().filter(TorrentMetrics::active).count())
                    .tags(tags).description("Torrents checking, downloading or seeding").register(registry);
            Gauge.builder("yamtorrent.peers", members, m -> m.stream().mapToInt(t -> t.progress().peers()).sum())
                    .tags(tags).description("Connected peers").register(registry);
        }
    }

    private static boolean active(TorrentHandle t) {
        TorrentState s = t.state();
        return s == TorrentState.CHECKING || s == TorrentState.DOWNLOADING || s == TorrentState.SEEDING;
    }
}
