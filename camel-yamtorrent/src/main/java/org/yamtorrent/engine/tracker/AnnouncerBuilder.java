package org.yamtorrent.engine.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.yamtorrent.engine.metainfo.InfoHash;

/** Configures an {@link Announcer}; {@link #stats} and {@link #onPeers} are required. */
public final class AnnouncerBuilder {
    final TrackerClient client;
    final InfoHash infoHash;
    final byte[] peerId;
    final int port;
    List<List<String>> tiers = List.of();
    Supplier<TransferStats> stats;
    Consumer<List<InetSocketAddress>> onPeers;
    ScheduledExecutorService scheduler;
    int numWant = 50;
    Duration minimumInterval = Duration.ofSeconds(30);
    Duration firstBackoff = Duration.ofSeconds(15);
    Duration maxBackoff = Duration.ofMinutes(30);
    Duration stopTimeout = Duration.ofSeconds(5);

    AnnouncerBuilder(TrackerClient client, InfoHash infoHash, byte[] peerId, int port) {
        this.client = Objects.requireNonNull(client, "client");
        this.infoHash = Objects.requireNonNull(infoHash, "infoHash");
        if (peerId.length != AnnounceRequest.PEER_ID_LENGTH || port < 1 || port > 65535) {
            throw new IllegalArgumentException("peer id must have 20 bytes and port be in 1..65535");
        }
        this.peerId = peerId.clone();
        this.port = port;
    }

    /** BEP 12 tiers, as from {@code Metainfo.trackerTiers()}; unusable URLs are skipped. */
    public AnnouncerBuilder trackers(List<List<String>> trackerTiers) {
        this.tiers = List.copyOf(trackerTiers);
        return this;
    }

    /** What each announce reports; called on the scheduler thread. */
    public AnnouncerBuilder stats(Supplier<TransferStats> supplier) {
        this.stats = supplier;
        return this;
    }

    /** Receives the peers of every answer; runs on the scheduler thread, so it should not block. */
    public AnnouncerBuilder onPeers(Consumer<List<InetSocketAddress>> callback) {
        this.onPeers = callback;
        return this;
    }

    /** A scheduler to run on; without one, the announcer makes a daemon thread and ends it after stop. */
    public AnnouncerBuilder scheduler(ScheduledExecutorService executor) {
        this.scheduler = executor;
        return this;
    }

    /** Peers to ask for in each announce; -1 for the tracker's default. Default 50. */
    public AnnouncerBuilder numWant(int count) {
        this.numWant = count;
        return this;
    }

    /** The shortest interval we accept from a tracker and the least gap between announces. Default 30 s. */
    public AnnouncerBuilder minimumInterval(Duration interval) {
        this.minimumInterval = positive(interval, "minimumInterval");
        return this;
    }

    /** Back-off after failures: {@code first * 2^(n-1)}, at most {@code max}. Default 15 s and 30 min. */
    public AnnouncerBuilder backoff(Duration first, Duration max) {
        this.firstBackoff = positive(first, "first back-off");
        this.maxBackoff = positive(max, "max back-off");
        return this;
    }

    /** How long {@link Announcer#stop()} waits for {@code stopped} to be answered. Default 5 s. */
    public AnnouncerBuilder stopTimeout(Duration timeout) {
        this.stopTimeout = positive(timeout, "stopTimeout");
        return this;
    }

    public Announcer build() {
        if (stats == null || onPeers == null) {
            throw new IllegalStateException("an announcer needs stats and onPeers");
        }
        return new Announcer(this);
    }

    private static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }
}
