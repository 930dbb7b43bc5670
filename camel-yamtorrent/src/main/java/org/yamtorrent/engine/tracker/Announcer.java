package org.yamtorrent.engine.tracker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Keeps one torrent announced to its trackers: {@code started} on {@link #start()}, a regular announce every
 * interval the tracker asks for, {@code completed} once after {@link #completed()}, and {@code stopped},
 * best-effort and bounded in time, on {@link #stop()}. Peers from every answer go to the {@code onPeers}
 * callback, which runs on the scheduler thread.
 *
 * <p>The tracker's interval is clamped to [{@code minimumInterval}, 2 h]; no two announces start closer than the
 * larger of {@code minimumInterval} and the tracker's {@code min interval}, also when {@link #announceNow()} asks
 * for peers early. Failures retry after an exponential back-off, {@code firstBackoff * 2^(n-1)} capped at
 * {@code maxBackoff}, and never end the torrent.
 */
public final class Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    /** A hostile tracker must not be able to silence us for days. */
    static final Duration MAX_INTERVAL = Duration.ofHours(2);

    private final TrackerClient client;
    private final TrackerTiers tiers;
    private final InfoHash infoHash;
    private final byte[] peerId;
    private final int port;
    private final Supplier<TransferStats> stats;
    private final Consumer<List<InetSocketAddress>> onPeers;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final int numWant;
    private final int key = new SecureRandom().nextInt();
    private final Duration minimumInterval;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration stopTimeout;

    // All below guarded by this.
    private boolean started;
    private CompletableFuture<Void> stopping;
    private boolean startedAcked;
    private boolean completedWanted;
    private boolean completedSent;
    /** The announce under way, or null. */
    private CompletableFuture<TrackerTiers.Answer> pendingAnswer;
    /** The same including its bookkeeping, or null. */
    private CompletableFuture<Void> inFlight;
    private ScheduledFuture<?> next;
    private long nextAtNanos;
    private boolean attempted;
    private long lastAttemptNanos;
    private long minGapNanos;
    private int failures;
    private URI lastTracker;
    private AnnounceResponse lastResponse;
    private TrackerException lastError;

    Announcer(AnnouncerBuilder b) {
        this.client = b.client;
        this.tiers = new TrackerTiers(b.tiers);
        this.infoHash = b.infoHash;
        this.peerId = b.peerId.clone();
        this.port = b.port;
        this.stats = Objects.requireNonNull(b.stats, "stats");
        this.onPeers = Objects.requireNonNull(b.onPeers, "onPeers");
        this.ownScheduler = b.scheduler == null;
        this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "yamtorrent-announcer-" + infoHash.hex().substring(0, 8));
            t.setDaemon(true);
            return t;
        }) : b.scheduler;
        this.numWant = b.numWant;
        this.minimumInterval = b.minimumInterval;
        this.firstBackoff = b.firstBackoff;
        this.maxBackoff = b.maxBackoff;
        this.stopTimeout = b.stopTimeout;
        this.minGapNanos = minimumInterval.toNanos();
    }

    /**
     * @param client  shared by every torrent
     * @param peerId  our 20-byte peer id
     * @param port    the TCP port we accept peers on
     */
    public static AnnouncerBuilder builder(TrackerClient client, InfoHash infoHash, byte[] peerId, int port) {
        return new AnnouncerBuilder(client, infoHash, peerId, port);
    }

    /** Sends {@code started}. Call once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("announcer already started");
        }
        started = true;
        if (!tiers.isEmpty()) {
            schedule(0);
        }
    }

    /**
     * Asks for peers soon: an announce as early as the minimum gap allows
     * (never sooner, so a torrent that keeps asking cannot hammer its tracker).
     */
    public void announceNow() {
        announceNow(false);
    }

    /**
     * As {@link #announceNow()}; with {@code overTrackerMinimum} only our own {@code minimumInterval} holds, not the
     * tracker's {@code min interval}: for a user's explicit "announce every N seconds" (aria2c's
     * {@code --bt-tracker-interval}, libtorrent's {@code ignore_min_interval}), which opentracker's 825 s would
     * otherwise turn into one announce in 14 minutes.
     */
    public synchronized void announceNow(boolean overTrackerMinimum) {
        if (!started || stopping != null) {
            return;
        }
        if (tiers.isEmpty() || inFlight != null) {
            return;
        }
        long now = System.nanoTime();
        long gap = overTrackerMinimum ? minimumInterval.toNanos() : minGapNanos;
        long delay = !attempted ? 0 : Math.max(0, lastAttemptNanos + gap - now);
        if (next == null || delay < nextAtNanos - now) {
            schedule(delay);
        }
    }

    /**
     * Tells the trackers the download finished, once. When no announce has reached a tracker yet, {@code started}
     * (with left = 0) says it instead, as BEP 3 wants.
     */
    public synchronized void completed() {
        if (completedWanted) {
            return;
        }
        completedWanted = true;
        if (startedAcked && inFlight == null && stopping == null) {
            schedule(0); // an event may be sent at any time, interval or not
        }
    }

    /**
     * Stops announcing and sends {@code stopped} to the tracker that last answered, if any did. The future
     * completes (never exceptionally) when that is done, failed, or took longer than the stop timeout; the
     * scheduler is shut down then if the announcer created it.
     */
    public synchronized CompletableFuture<Void> stop() {
        if (stopping != null) {
            return stopping;
        }
        cancelNext();
        // An announce under way may still be taken by the tracker, so stopped waits for it (within the timeout).
        CompletableFuture<Void> flight = inFlight == null ? CompletableFuture.completedFuture(null) : inFlight;
        CompletableFuture<?> pending = pendingAnswer;
        CompletableFuture<AnnounceResponse> stopped = new CompletableFuture<>();
        flight.whenCompleteAsync((x, e) -> sendStopped(stopped), scheduler);
        stopping = stopped.handle((x, e) -> (Void) null)
                .completeOnTimeout(null, stopTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((x, e) -> {
                    // Whatever is still under way is abandoned: no UDP retransmissions for a stopped torrent.
                    if (pending != null) {
                        pending.cancel(true);
                    }
                    stopped.cancel(true);
                    if (ownScheduler) {
                        scheduler.shutdownNow();
                    }
                });
        return stopping;
    }

    /** The last successful answer, or null. */
    public synchronized AnnounceResponse lastResponse() {
        return lastResponse;
    }

    /** Why the last announce failed, or null when it succeeded or none ended yet. */
    public synchronized TrackerException lastError() {
        return lastError;
    }

    /** Every tracker in tier order, with how its last announce went. */
    public List<TrackerStatus> trackers() {
        return tiers.statuses();
    }

    /** The tracker that answered last, or null. */
    public synchronized URI lastTracker() {
        return lastTracker;
    }

    private void sendStopped(CompletableFuture<AnnounceResponse> stopped) {
        URI tracker;
        synchronized (this) {
            tracker = startedAcked ? lastTracker : null;
        }
        if (tracker == null) {
            stopped.complete(null);
            return;
        }
        try {
            CompletableFuture<AnnounceResponse> sent = tiers.announceTo(client, tracker, request(AnnounceEvent.STOPPED));
            stopped.whenComplete((r, e) -> {
                if (stopped.isCancelled()) {
                    sent.cancel(true);
                }
            });
            sent.whenComplete((r, e) -> {
                if (e == null) {
                    stopped.complete(r);
                } else {
                    LOG.debug("{}: stopped announce failed: {}", infoHash, TrackerTiers.unwrap(e).getMessage());
                    stopped.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            stopped.completeExceptionally(e); // a stats supplier that throws must not hang the stop
        }
    }

    private void announce() {
        TransferStats now;
        try {
            now = stats.get(); // outside our lock: the supplier may take the session's locks
        } catch (RuntimeException e) {
            // A task that throws is dropped silently by the scheduler, and so would every later announce be.
            LOG.warn("{}: transfer stats unavailable; retrying the announce later", infoHash, e);
            synchronized (this) {
                if (stopping == null) {
                    schedule(backoff(Math.max(1, failures)));
                }
            }
            return;
        }
        AnnounceEvent event;
        synchronized (this) {
            next = null;
            if (stopping != null || inFlight != null) {
                return;
            }
            event = chooseEvent();
            attempted = true;
            lastAttemptNanos = System.nanoTime();
            pendingAnswer = tiers.announce(client, request(event, now));
            inFlight = pendingAnswer.handleAsync((a, e) -> {
                finished(event, a, e);
                return (Void) null;
            }, scheduler);
        }
        LOG.debug("{}: announcing {}", infoHash, event);
    }

    private AnnounceEvent chooseEvent() {
        if (!startedAcked) {
            if (completedWanted) {
                completedSent = true; // this started reports left = 0, which says it all
            }
            return AnnounceEvent.STARTED;
        }
        return completedWanted && !completedSent ? AnnounceEvent.COMPLETED : AnnounceEvent.NONE;
    }

    private void finished(AnnounceEvent event, TrackerTiers.Answer answer, Throwable error) {
        List<InetSocketAddress> peers = List.of();
        synchronized (this) {
            inFlight = null;
            pendingAnswer = null;
            if (error == null) {
                AnnounceResponse response = answer.response();
                failures = 0;
                lastError = null;
                lastTracker = answer.tracker();
                lastResponse = response;
                if (event == AnnounceEvent.STARTED) {
                    startedAcked = true;
                } else if (event == AnnounceEvent.COMPLETED) {
                    completedSent = true;
                }
                if (response.warningMessage() != null) {
                    LOG.info("{}: tracker warning: {}", infoHash, response.warningMessage());
                }
                minGapNanos = Math.max(minimumInterval.toNanos(), TimeUnit.SECONDS.toNanos(response.minInterval()));
                long interval = Math.min(MAX_INTERVAL.toNanos(),
                        Math.max(minGapNanos, TimeUnit.SECONDS.toNanos(response.interval())));
                if (stopping == null) {
                    schedule(completedWanted && !completedSent ? 0 : interval);
                }
                peers = response.peers();
                LOG.debug("{}: {} answered {} with {} peers", infoHash, answer.tracker(), event, peers.size());
            } else {
                failures++;
                lastError = TrackerTiers.unwrap(error);
                long delay = backoff(failures);
                LOG.debug("{}: announce {} failed ({}), retry in {} ms", infoHash, event, lastError.getMessage(),
                        TimeUnit.NANOSECONDS.toMillis(delay));
                if (stopping == null) {
                    schedule(delay);
                }
            }
        }
        deliver(peers);
    }

    long backoff(int failureCount) {
        long first = firstBackoff.toNanos();
        int shift = Math.min(failureCount - 1, 30);
        long delay = first > maxBackoff.toNanos() >> shift ? maxBackoff.toNanos() : first << shift;
        return Math.min(delay, maxBackoff.toNanos());
    }

    private AnnounceRequest request(AnnounceEvent event) {
        return request(event, stats.get());
    }

    private AnnounceRequest request(AnnounceEvent event, TransferStats s) {
        return new AnnounceRequest(infoHash, peerId, port, s.uploaded(), s.downloaded(), s.left(), event, numWant, key, null);
    }

    private void deliver(List<InetSocketAddress> peers) {
        if (peers.isEmpty()) {
            return;
        }
        try {
            onPeers.accept(peers);
        } catch (RuntimeException e) {
            LOG.warn("{}: peer callback failed", infoHash, e);
        }
    }

    private void schedule(long delayNanos) {
        cancelNext();
        try {
            next = scheduler.schedule(this::announce, delayNanos, TimeUnit.NANOSECONDS);
            nextAtNanos = System.nanoTime() + delayNanos;
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: scheduler is shut down; no more announces", infoHash);
        }
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }
}
