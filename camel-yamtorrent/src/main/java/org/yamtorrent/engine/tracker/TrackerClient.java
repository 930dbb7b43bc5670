package org.yamtorrent.engine.tracker;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Announces to a tracker of any supported scheme: {@code http}, {@code https} ({@link HttpTrackerClient}) and
 * {@code udp} ({@link UdpTrackerClient}). One instance serves every torrent of an engine.
 */
public final class TrackerClient implements AutoCloseable {

    private final HttpTrackerClient http;
    private final UdpTrackerClient udp;

    /** With default HTTP and UDP clients (BEP 15 timings, UDP socket on an ephemeral port). */
    public TrackerClient() throws IOException {
        this(new HttpTrackerClient(), new UdpTrackerClient());
    }

    public TrackerClient(HttpTrackerClient http, UdpTrackerClient udp) {
        this.http = http;
        this.udp = udp;
    }

    /** Whether the scheme of {@code tracker} is one we announce to. */
    public static boolean supports(URI tracker) {
        String scheme = tracker.getScheme() == null ? "" : tracker.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") || scheme.equals("udp");
    }

    /** See {@link HttpTrackerClient#announce} and {@link UdpTrackerClient#announce}. */
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        if (!supports(tracker)) {
            return CompletableFuture.failedFuture(new TrackerException("announce: unsupported tracker scheme " + tracker.getScheme()));
        }
        return "udp".equalsIgnoreCase(tracker.getScheme()) ? udp.announce(tracker, request) : http.announce(tracker, request);
    }

    /** Closes the UDP socket; the HTTP client needs no closing. */
    @Override
    public void close() {
        udp.close();
    }

    /**
     * A tracker's scheme, host and port only, for messages and logs: private trackers put a secret passkey in the
     * path or query.
     */
    static String displayName(URI tracker) {
        String host = tracker.getHost() == null ? "(no host)" : tracker.getHost();
        return tracker.getScheme() + "://" + host + (tracker.getPort() < 0 ? "" : ":" + tracker.getPort());
    }
}
