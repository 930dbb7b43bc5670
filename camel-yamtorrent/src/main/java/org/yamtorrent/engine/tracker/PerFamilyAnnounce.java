package org.yamtorrent.engine.tracker;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * BEP 7 for a client listening on IPv4 and IPv6: a tracker whose host name has addresses in both families hears
 * from us once per family, so it learns both of our addresses; the answers are merged. The announce to the URL
 * as written goes out over the family the JDK resolves first (IPv4 unless {@code java.net.preferIPv6Addresses});
 * a second one goes to the tracker's first address of the other family, as an IP literal. That works for
 * {@code http} and {@code udp}; an {@code https} tracker gets one announce, since its certificate names the host,
 * not the address. A tracker named by an IP literal is in one family already.
 *
 * <p>Name lookups run on {@code dns}, never on the caller's thread.
 */
final class PerFamilyAnnounce {

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;
    private final Executor dns;

    PerFamilyAnnounce(Resolver resolver, Executor dns) {
        this.resolver = resolver;
        this.dns = dns;
    }

    /** Announces through {@code one} (one announce to one URL) once or once per family, as above. */
    CompletableFuture<AnnounceResponse> announce(URI tracker, Function<URI, CompletableFuture<AnnounceResponse>> one) {
        String host = tracker.getHost();
        if (host == null || "https".equalsIgnoreCase(tracker.getScheme())
                || IpLiteral.parse(host.replace("[", "").replace("]", "")) != null) {
            return one.apply(tracker);
        }
        CompletableFuture<URI> lookup;
        try {
            lookup = CompletableFuture.supplyAsync(() -> otherFamily(tracker, host), dns);
        } catch (RejectedExecutionException closed) {
            return one.apply(tracker);
        }
        return lookup.thenCompose(other -> {
            if (other == null) {
                return one.apply(tracker);
            }
            List<CompletableFuture<AnnounceResponse>> answers = List.of(one.apply(tracker), one.apply(other));
            CompletableFuture<AnnounceResponse> merged = CompletableFuture
                    .allOf(answers.stream().map(f -> f.handle((r, e) -> null)).toArray(CompletableFuture[]::new))
                    .thenApply(v -> merge(answers));
            merged.whenComplete((r, e) -> {
                if (merged.isCancelled()) {
                    answers.forEach(f -> f.cancel(true));
                }
            });
            return merged;
        });
    }

    /** The tracker's URL at an address of the family the plain announce does not reach, or null. */
    private URI otherFamily(URI tracker, String host) {
        InetAddress v4 = null;
        InetAddress v6 = null;
        try {
            for (InetAddress a : resolver.resolve(host)) {
                if (a instanceof Inet4Address && v4 == null) {
                    v4 = a;
                } else if (a instanceof Inet6Address && v6 == null && !a.isLinkLocalAddress()) {
                    v6 = a;
                }
            }
        } catch (UnknownHostException e) {
            return null; // the plain announce reports it
        }
        if (v4 == null || v6 == null) {
            return null;
        }
        boolean sixFirst = "true".equals(System.getProperty("java.net.preferIPv6Addresses"));
        String literal = sixFirst ? v4.getHostAddress() : "[" + v6.getHostAddress() + "]";
        return URI.create(tracker.getScheme() + "://" + literal + (tracker.getPort() < 0 ? "" : ":" + tracker.getPort())
                + Objects.requireNonNullElse(tracker.getRawPath(), "")
                + (tracker.getRawQuery() == null ? "" : "?" + tracker.getRawQuery()));
    }

    /**
     * Both answers in one: every peer, the shorter interval, the longer minimum interval, the larger swarm counts;
     * fails only when both failed.
     */
    private static AnnounceResponse merge(List<CompletableFuture<AnnounceResponse>> answers) {
        List<AnnounceResponse> ok = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<AnnounceResponse> f : answers) {
            try {
                ok.add(f.join());
            } catch (CompletionException | CancellationException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (ok.isEmpty()) {
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }
        AnnounceResponse first = ok.get(0);
        int interval = first.interval();
        int minInterval = first.minInterval();
        int complete = first.complete();
        int incomplete = first.incomplete();
        String trackerId = first.trackerId();
        String warning = first.warningMessage();
        Set<InetSocketAddress> peers = new LinkedHashSet<>(first.peers());
        for (AnnounceResponse r : ok.subList(1, ok.size())) {
            interval = Math.min(interval, r.interval());
            minInterval = Math.max(minInterval, r.minInterval());
            complete = Math.max(complete, r.complete());
            incomplete = Math.max(incomplete, r.incomplete());
            trackerId = trackerId != null ? trackerId : r.trackerId();
            warning = warning != null ? warning : r.warningMessage();
            peers.addAll(r.peers());
        }
        return new AnnounceResponse(interval, minInterval, trackerId, warning, complete, incomplete, List.copyOf(peers));
    }
}
