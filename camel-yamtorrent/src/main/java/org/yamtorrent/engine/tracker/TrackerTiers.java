package org.yamtorrent.engine.tracker;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trackers of one torrent in BEP 12 order. Each tier is shuffled once, here; an announce tries the trackers
 * tier by tier, in order, until one answers, and that one moves to the front of its tier. URLs of schemes we do
 * not speak, malformed URLs and repeats are dropped with a DEBUG line. Remembers each tracker's {@code tracker id}
 * and sends it back to that tracker. Thread-safe.
 */
public final class TrackerTiers {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerTiers.class);

    private final List<List<URI>> tiers = new ArrayList<>();
    private final Map<URI, String> trackerIds = new ConcurrentHashMap<>();
    private final Map<URI, TrackerStatus> results = new ConcurrentHashMap<>();

    /** Which tracker answered, and what it said. */
    public record Answer(URI tracker, AnnounceResponse response) {
    }

    /** @param tiers BEP 12 tiers of tracker URLs, as from {@code Metainfo.trackerTiers()} */
    public TrackerTiers(List<List<String>> tiers) {
        this(tiers, new Random());
    }

    /** As {@link #TrackerTiers(List)}, shuffling with {@code random} (for reproducible tests). */
    public TrackerTiers(List<List<String>> tiers, Random random) {
        Set<URI> seen = new HashSet<>();
        for (List<String> tier : tiers) {
            List<URI> usable = new ArrayList<>();
            for (String url : tier) {
                URI uri = parse(url);
                if (uri != null && seen.add(uri)) {
                    usable.add(uri);
                }
            }
            if (!usable.isEmpty()) {
                Collections.shuffle(usable, random);
                this.tiers.add(usable);
            }
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            LOG.debug("skipping malformed tracker URL: {}", e.getMessage());
            return null;
        }
        if (!TrackerClient.supports(uri) || uri.getHost() == null) {
            LOG.debug("skipping tracker {}: unsupported scheme or no host", TrackerClient.displayName(uri));
            return null;
        }
        return uri;
    }

    /** A copy of the tiers in their current order. */
    public synchronized List<List<URI>> tiers() {
        return tiers.stream().map(List::copyOf).toList();
    }

    /** Every tracker in tier order, with how its last announce went. */
    public synchronized List<TrackerStatus> statuses() {
        List<TrackerStatus> out = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            for (URI tracker : tiers.get(i)) {
                TrackerStatus r = results.get(tracker);
                out.add(r == null ? new TrackerStatus(tracker, i, null, 0, null)
                        : new TrackerStatus(tracker, i, r.lastAnnounce(), r.peers(), r.error()));
            }
        }
        return out;
    }

    public synchronized boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** Moves {@code tracker} to the front of its tier (BEP 12: a tracker that answered is tried first). */
    public synchronized void promote(URI tracker) {
        for (List<URI> tier : tiers) {
            if (tier.remove(tracker)) {
                tier.add(0, tracker);
                return;
            }
        }
    }

    /**
     * Announces to the first tracker that answers, in tier order. Fails with a {@link TrackerException} naming the
     * last failure when none answers, or when there are no trackers. Cancelling the future cancels the announce
     * under way and tries no further tracker.
     */
    public CompletableFuture<Answer> announce(TrackerClient client, AnnounceRequest request) {
        List<URI> order;
        synchronized (this) {
            order = tiers.stream().flatMap(List::stream).toList();
        }
        if (order.isEmpty()) {
            return CompletableFuture.failedFuture(new TrackerException("announce: no usable tracker"));
        }
        Walk walk = new Walk(client, request, order);
        walk.attempt(0, null);
        return walk.result;
    }

    /** One announce walking the trackers in order. */
    private final class Walk {
        final TrackerClient client;
        final AnnounceRequest request;
        final List<URI> order;
        final CompletableFuture<Answer> result = new CompletableFuture<>();
        volatile CompletableFuture<AnnounceResponse> current;

        Walk(TrackerClient client, AnnounceRequest request, List<URI> order) {
            this.client = client;
            this.request = request;
            this.order = order;
            result.whenComplete((answer, error) -> {
                CompletableFuture<AnnounceResponse> c = current;
                if (result.isCancelled() && c != null) {
                    c.cancel(true);
                }
            });
        }

        void attempt(int index, TrackerException last) {
            if (result.isDone()) {
                return;
            }
            if (index == order.size()) {
                result.completeExceptionally(new TrackerException(
                        "announce: all " + order.size() + " trackers failed; last: " + last.getMessage(), last));
                return;
            }
            URI tracker = order.get(index);
            CompletableFuture<AnnounceResponse> sent = announceTo(client, tracker, request);
            current = sent;
            if (result.isCancelled()) {
                sent.cancel(true); // cancelled while we were starting this attempt
            }
            sent.whenComplete((response, error) -> {
                if (error == null) {
                    result.complete(new Answer(tracker, response));
                } else {
                    TrackerException e = unwrap(error);
                    LOG.debug("tracker {} failed: {}", TrackerClient.displayName(tracker), e.getMessage());
                    attempt(index + 1, e);
                }
            });
        }
    }

    /**
     * Announces to one tracker (for example {@code stopped} to the one that last answered), with the tracker id it
     * gave before; on success remembers its new tracker id and promotes it. Cancelling the future cancels the
     * announce.
     */
    public CompletableFuture<AnnounceResponse> announceTo(TrackerClient client, URI tracker, AnnounceRequest request) {
        String trackerId = trackerIds.getOrDefault(tracker, request.trackerId());
        CompletableFuture<AnnounceResponse> sent = client.announce(tracker, request.withTrackerId(trackerId));
        CompletableFuture<AnnounceResponse> result = sent.thenApply(response -> {
            if (response.trackerId() != null) {
                trackerIds.put(tracker, response.trackerId());
            }
            promote(tracker);
            return response;
        });
        result.whenComplete((response, error) -> {
            if (result.isCancelled()) {
                sent.cancel(true); // a derived future does not pass cancellation up by itself
                return;
            }
            // the tier is filled in by statuses()
            results.put(tracker, error == null ? new TrackerStatus(tracker, -1, Instant.now(), response.peers().size(), null)
                    : new TrackerStatus(tracker, -1, Instant.now(), 0, unwrap(error).getMessage()));
        });
        return result;
    }

    static TrackerException unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof TrackerException t ? t : new TrackerException("announce: " + e, e);
    }
}
