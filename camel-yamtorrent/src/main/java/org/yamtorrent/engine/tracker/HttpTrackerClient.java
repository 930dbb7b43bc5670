package org.yamtorrent.engine.tracker;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/**
 * Announces to HTTP and HTTPS trackers (BEP 3, with BEP 7 and BEP 23 replies) without blocking the caller. Each
 * announce is bounded: one timeout covers connecting, redirects and reading; the body is capped in size; at most
 * {@link #MAX_REDIRECTS} redirects are followed. Thread-safe; one instance serves every torrent.
 */
public final class HttpTrackerClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
    /** Far more than a client connects to; a reply beyond it is either a bug or an attack. */
    public static final int DEFAULT_MAX_PEERS = 2000;
    public static final int MAX_REDIRECTS = 3;

    private static final String USER_AGENT = "yamtorrent/0.1";

    private final HttpClient http;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final int maxPeers;

    public HttpTrackerClient() {
        this(DEFAULT_TIMEOUT, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_PEERS);
    }

    public HttpTrackerClient(Duration timeout, int maxBodyBytes, int maxPeers) {
        if (timeout.isNegative() || timeout.isZero() || maxBodyBytes <= 0 || maxPeers <= 0) {
            throw new IllegalArgumentException("timeout, body limit and peer limit must be positive");
        }
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.maxPeers = maxPeers;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER) // we follow them ourselves, to cap and spot loops
                .version(HttpClient.Version.HTTP_1_1) // trackers speak HTTP/1; an h2c upgrade offer confuses some
                .build();
    }

    /**
     * Makes one exchange with a loopback HTTP server of its own (the JDK's), so that the first announce does not
     * pay for the client's start: its selector thread, class initialisation and the interpreter take a few hundred
     * milliseconds the first time in a JVM, between a dropped .torrent and its first peer.
     *
     * @throws IOException when the exchange fails
     */
    public void warmUp() throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            InetSocketAddress at = server.getAddress();
            URI uri = new URI("http", null, at.getAddress().getHostAddress(), at.getPort(), "/warm-up", null, null);
            http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        } finally {
            server.stop(0);
        }
    }

    /**
     * Announces {@code request} to {@code tracker}. The future fails with a {@link TrackerException} for a failure
     * reason, a malformed or oversized reply, an HTTP error status, too many redirects, an unreachable host or no
     * reply within the timeout. Dependent stages run on the HTTP client's threads. Cancelling the future aborts
     * the exchange.
     */
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        String scheme = tracker.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            return CompletableFuture.failedFuture(new TrackerException("announce: " + scheme + " is not http or https"));
        }
        String name = TrackerClient.displayName(tracker);
        AtomicReference<CompletableFuture<?>> exchange = new AtomicReference<>();
        Set<URI> visited = new HashSet<>();
        CompletableFuture<byte[]> body;
        try {
            URI first = HttpAnnounce.requestUri(tracker, request);
            visited.add(first);
            body = fetch(first, visited, 0, exchange);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new TrackerException("announce to " + name + ": unusable URL", e));
        }
        CompletableFuture<AnnounceResponse> result = body
                .thenApply(b -> HttpAnnounce.parseReply(b, maxPeers))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<AnnounceResponse> answer = result.handle((response, error) -> {
            if (error == null) {
                return response;
            }
            abort(exchange); // so a silent server does not keep a connection
            throw translate(error, name);
        });
        answer.whenComplete((response, error) -> {
            if (answer.isCancelled()) {
                abort(exchange);
            }
        });
        return answer;
    }

    private static void abort(AtomicReference<CompletableFuture<?>> exchange) {
        CompletableFuture<?> pending = exchange.get();
        if (pending != null) {
            pending.cancel(true);
        }
    }

    private CompletableFuture<byte[]> fetch(URI uri, Set<URI> visited, int redirects,
                                            AtomicReference<CompletableFuture<?>> exchange) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT).GET().build();
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request,
                info -> new CappedBody(info.headers().firstValueAsLong("Content-Length").orElse(-1), maxBodyBytes));
        exchange.set(sent);
        return sent.thenCompose(response -> {
            int status = response.statusCode();
            if (isRedirect(status)) {
                return fetch(redirectTarget(uri, response, visited, redirects), visited, redirects + 1, exchange);
            }
            if (status != 200) {
                failIfFailureReason(response.body());
                throw new TrackerException("announce reply: HTTP status " + status);
            }
            return CompletableFuture.completedFuture(response.body());
        });
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirectTarget(URI from, HttpResponse<?> response, Set<URI> visited, int redirects) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new TrackerException("announce reply: HTTP " + response.statusCode() + " without Location"));
        URI next;
        try {
            next = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new TrackerException("announce reply: redirect Location is not a URI", e);
        }
        if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
            throw new TrackerException("announce reply: redirect to scheme " + next.getScheme() + " is not followed");
        }
        if (!visited.add(next)) {
            throw new TrackerException("announce reply: redirect loop via " + TrackerClient.displayName(next));
        }
        if (redirects >= MAX_REDIRECTS) {
            throw new TrackerException("announce reply: more than " + MAX_REDIRECTS + " redirects");
        }
        return next;
    }

    /** Trackers often send their failure reason with an error status; that reason beats "HTTP 400". */
    private void failIfFailureReason(byte[] body) {
        try {
            HttpAnnounce.parseReply(body, maxPeers);
        } catch (TrackerException e) {
            if (e.getMessage().startsWith("tracker failure: ")) {
                throw e;
            }
        }
    }

    private TrackerException translate(Throwable error, String name) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TrackerException t) {
            return t;
        }
        if (e instanceof TimeoutException || e instanceof HttpTimeoutException) {
            return new TrackerException("announce to " + name + ": no reply within " + timeout.toMillis() + " ms", e);
        }
        if (e instanceof ConnectException) {
            return new TrackerException("announce to " + name + ": cannot connect (" + e.getMessage() + ")", e);
        }
        if (e instanceof IOException) {
            return new TrackerException("announce to " + name + ": " + e, e);
        }
        return new TrackerException("announce to " + name + ": unexpected " + e, e);
    }
}
