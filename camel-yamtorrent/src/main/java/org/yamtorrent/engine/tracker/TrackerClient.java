package org.yamtorrent.engine.tracker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Announces to a tracker of any supported scheme: {@code http}, {@code https} ({@link HttpTrackerClient}) and
 * {@code udp} ({@link UdpTrackerClient}). A client for both address families announces once per family to a
 * tracker whose name has addresses in both (BEP 7, {@link PerFamilyAnnounce}). One instance serves every torrent
 * of an engine.
 */
public final class TrackerClient implements AutoCloseable {

    private final HttpTrackerClient http;
    private final UdpTrackerClient udp;
    /** Set for a client of both families: the DNS threads of its per-family announces; else null. */
    private final ExecutorService dns;
    private final PerFamilyAnnounce perFamily;

    /** With default HTTP and UDP clients (BEP 15 timings, UDP socket on an ephemeral port). */
    public TrackerClient() throws IOException {
        this(new HttpTrackerClient(), new UdpTrackerClient());
    }

    /**
     * With default clients, announcing once per address family to trackers with addresses in both when
     * {@code bothFamilies} (we listen on IPv4 and IPv6).
     */
    public TrackerClient(boolean bothFamilies) throws IOException {
        this(new HttpTrackerClient(), new UdpTrackerClient(), bothFamilies ? InetAddress::getAllByName : null);
    }

    public TrackerClient(HttpTrackerClient http, UdpTrackerClient udp) {
        this(http, udp, null);
    }

    /** @param resolver how per-family announces find a tracker's addresses; null announces once */
    TrackerClient(HttpTrackerClient http, UdpTrackerClient udp, PerFamilyAnnounce.Resolver resolver) {
        this.http = http;
        this.udp = udp;
        this.dns = resolver == null ? null : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "yamtorrent-tracker-dns");
            t.setDaemon(true);
            return t;
        });
        this.perFamily = resolver == null ? null : new PerFamilyAnnounce(resolver, dns);
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
        return perFamily == null ? once(tracker, request) : perFamily.announce(tracker, url -> once(url, request));
    }

    private CompletableFuture<AnnounceResponse> once(URI tracker, AnnounceRequest request) {
        return "udp".equalsIgnoreCase(tracker.getScheme()) ? udp.announce(tracker, request) : http.announce(tracker, request);
    }

    /** See {@link HttpTrackerClient#warmUp}. */
    public void warmUp() throws IOException, InterruptedException {
        http.warmUp();
    }

    /** Closes the UDP socket; the HTTP client needs no closing. */
    @Override
    public void close() {
        udp.close();
        if (dns != null) {
            dns.shutdownNow();
        }
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
