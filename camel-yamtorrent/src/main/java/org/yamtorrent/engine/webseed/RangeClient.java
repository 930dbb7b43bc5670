package org.yamtorrent.engine.webseed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP range requests for web seeds, on one JDK {@link HttpClient} that every torrent of a session shares, so
 * connections to a server are kept alive and reused (HTTP/1.1; an h2c upgrade offer confuses some servers).
 * Redirects are followed as the client does (to mirrors, usually). Each request is bounded by one timeout over
 * headers and body. Thread-safe.
 */
public final class RangeClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String USER_AGENT = "yamtorrent/0.1";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    /** The longest Retry-After honoured; a server asking for more is tried again after this. */
    private static final long MAX_RETRY_AFTER_SECONDS = 600;

    private final HttpClient http;
    private final Duration timeout;

    public RangeClient() {
        this(DEFAULT_TIMEOUT);
    }

    public RangeClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Fetches {@code length} bytes of {@code file} from {@code offset} into {@code target} at {@code at}. The
     * future fails with a {@link WebSeedException} naming the URL and what went wrong. Completion stages run on
     * the HTTP client's threads.
     */
    public CompletableFuture<Void> get(URI file, long offset, int length, byte[] target, int at) {
        long last = offset + length - 1;
        String what = file + " bytes " + offset + "-" + last;
        HttpRequest request = HttpRequest.newBuilder(file).timeout(timeout).header("User-Agent", USER_AGENT)
                .header("Range", "bytes=" + offset + "-" + last).GET().build();
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(request,
                info -> body(info, offset, length, target, at, what));
        CompletableFuture<Void> done = sent.<Void>thenApply(r -> null).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return done.handle((v, error) -> {
            if (error != null) {
                sent.cancel(true); // a stalled server must not keep the connection
                throw translate(error, what);
            }
            return v;
        });
    }

    private static HttpResponse.BodySubscriber<Void> body(HttpResponse.ResponseInfo info, long offset, int length,
                                                         byte[] target, int at, String what) {
        int status = info.statusCode();
        if (status == 206) {
            String problem = contentRangeProblem(info.headers(), offset, length);
            return problem == null ? RangeBody.into(target, at, length, true, what)
                    : RangeBody.failing(new WebSeedException(what + ": " + problem));
        }
        if (status == 200) {
            return offset == 0 ? RangeBody.into(target, at, length, false, what)
                    : RangeBody.failing(new WebSeedException(what + ": the server ignores Range (HTTP 200)"));
        }
        return RangeBody.failing(new WebSeedException(what + ": HTTP status " + status,
                retryAfter(info.headers()), null));
    }

    /** Why the 206's Content-Range is not the one asked for, or null. */
    static String contentRangeProblem(HttpHeaders headers, long offset, int length) {
        String value = headers.firstValue("Content-Range").orElse(null);
        if (value == null) {
            return "HTTP 206 without Content-Range";
        }
        Matcher m = CONTENT_RANGE.matcher(value.trim());
        if (!m.matches()) {
            return "Content-Range '" + value + "' is not a single byte range";
        }
        try {
            if (Long.parseLong(m.group(1)) != offset || Long.parseLong(m.group(2)) != offset + length - 1) {
                return "Content-Range '" + value + "' is not the range asked for";
            }
        } catch (NumberFormatException e) {
            return "Content-Range '" + value + "' has a number out of range";
        }
        return null;
    }

    /** Retry-After in seconds (the HTTP-date form is rare for this and is ignored), capped; null when absent. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse("").trim();
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Duration.ofSeconds(Math.min(MAX_RETRY_AFTER_SECONDS, Long.parseLong(value)));
    }

    private WebSeedException translate(Throwable error, String what) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof WebSeedException w) {
                return w; // the client may wrap what our body subscriber failed with
            }
        }
        if (e instanceof TimeoutException || e instanceof HttpTimeoutException) {
            return new WebSeedException(what + ": no reply within " + timeout.toMillis() + " ms", e);
        }
        if (e instanceof IOException) {
            return new WebSeedException(what + ": " + e, e);
        }
        return new WebSeedException(what + ": unexpected " + e, e);
    }
}
