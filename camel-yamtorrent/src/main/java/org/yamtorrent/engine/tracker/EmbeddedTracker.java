package org.yamtorrent.engine.tracker;

import com.dampcake.bencode.Bencode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.net.CompactPeers;

/**
 * A small HTTP tracker (BEP 3, BEP 7 peers6, BEP 23 compact, BEP 48 scrape) for private swarms, tests and demos.
 * It serves {@code /announce} and {@code /scrape} and keeps its swarms in memory; a peer that has not announced
 * for two intervals is forgotten, {@code stopped} forgets it at once, and nobody is sent their own address.
 *
 * <p>The {@code ip} parameter is honoured only when the announce comes from a loopback address and names an IP
 * literal: that lets several clients on one machine announce distinct loopback addresses (127.0.0.2, ...), while
 * a remote client cannot make the tracker send others to a victim's address (the attack BEP 7 warns of).
 */
public final class EmbeddedTracker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTracker.class);

    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    static final int DEFAULT_NUMWANT = 50;
    static final int MAX_NUMWANT = 200;
    // Caps that keep a stranger's announces from filling our memory.
    static final int MAX_SWARMS = 10_000;
    static final int MAX_PEERS_PER_SWARM = 10_000;
    static final int MAX_PEERS = 100_000;
    private static final int MAX_QUERY_LENGTH = 8192;
    private static final int MAX_SCRAPE_HASHES = 100;

    /** What the tracker knows of one peer. */
    public record Peer(byte[] peerId, InetSocketAddress address, long uploaded, long downloaded, long left,
                       AnnounceEvent lastEvent, Instant lastSeen) {

        @Override
        public byte[] peerId() {
            return peerId.clone();
        }

        /** The peer id as Latin-1 text, which shows a client's prefix such as "-TR3000-". */
        public String peerIdText() {
            return new String(peerId, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "Peer[" + HttpAnnounce.printable(peerIdText()) + " " + address + " left " + left + "]";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration interval;
    private final Clock clock;
    private final Bencode bencode = new Bencode(StandardCharsets.ISO_8859_1); // Latin-1 keeps raw bytes raw
    /** Each swarm is only touched inside a compute call on its key, which also drops it once empty. */
    private final Map<InfoHash, Swarm> swarms = new ConcurrentHashMap<>();
    private final AtomicInteger peerCount = new AtomicInteger();

    private EmbeddedTracker(InetSocketAddress bind, Duration interval, Clock clock) throws IOException {
        if (interval.getSeconds() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 s");
        }
        this.interval = interval;
        this.clock = clock;
        this.server = HttpServer.create(bind, 64);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "yamtorrent-embedded-tracker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/announce", ex -> serve(ex, this::announce));
        server.createContext("/scrape", ex -> serve(ex, this::scrape));
        server.start();
        LOG.info("embedded tracker listening at {}", announceUrl());
    }

    /** On an ephemeral port of 127.0.0.1 with the default interval. */
    public static EmbeddedTracker start() throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DEFAULT_INTERVAL);
    }

    /** @param bind address and port to listen on; port 0 picks a free one (see {@link #announceUrl()}) */
    public static EmbeddedTracker start(InetSocketAddress bind, Duration interval) throws IOException {
        return start(bind, interval, Clock.systemUTC());
    }

    /** As {@link #start(InetSocketAddress, Duration)}, with the clock that decides when peers expire. */
    public static EmbeddedTracker start(InetSocketAddress bind, Duration interval, Clock clock) throws IOException {
        return new EmbeddedTracker(bind, interval, clock);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The URL to put in a torrent's {@code announce}, with the port actually bound. */
    public URI announceUrl() {
        return url("/announce");
    }

    /** The BEP 48 scrape URL. */
    public URI scrapeUrl() {
        return url("/scrape");
    }

    private URI url(String path) {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress() instanceof Inet6Address
                ? "[" + a.getAddress().getHostAddress().replaceFirst("%.*", "") + "]"
                : a.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort() + path);
    }

    /** The live peers of a torrent, without the expired ones. */
    public List<Peer> peers(InfoHash infoHash) {
        List<Peer> live = new ArrayList<>();
        Instant cutoff = expiryCutoff();
        swarms.computeIfPresent(infoHash, (h, swarm) -> {
            expire(swarm, cutoff);
            live.addAll(swarm.peers.values());
            return swarm.peers.isEmpty() ? null : swarm;
        });
        return List.copyOf(live);
    }

    /** Peers not heard from in two intervals are gone. */
    private Instant expiryCutoff() {
        return clock.instant().minus(interval.multipliedBy(2));
    }

    private void expire(Swarm swarm, Instant cutoff) {
        int before = swarm.peers.size();
        swarm.peers.values().removeIf(p -> p.lastSeen.isBefore(cutoff));
        peerCount.addAndGet(swarm.peers.size() - before);
    }

    /** Expires every swarm, not just those announced to: run when the tracker looks full. */
    private void expireAll(Instant cutoff) {
        for (InfoHash h : swarms.keySet()) {
            swarms.computeIfPresent(h, (k, swarm) -> {
                expire(swarm, cutoff);
                return swarm.peers.isEmpty() ? null : swarm;
            });
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Handler {
        Map<String, Object> reply(HttpExchange exchange, Map<String, List<byte[]>> query);
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Map<String, Object> reply;
            try {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    throw new TrackerException("only GET is served");
                }
                reply = handler.reply(exchange, parseQuery(exchange.getRequestURI().getRawQuery()));
            } catch (TrackerException e) {
                LOG.debug("embedded tracker: refused {}: {}", exchange.getRemoteAddress(), e.getMessage());
                reply = Map.of("failure reason", e.getMessage());
            }
            byte[] body = bencode.encode(reply);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            LOG.warn("embedded tracker: error serving {}", exchange.getRequestURI().getPath(), e);
        }
    }

    static Map<String, List<byte[]>> parseQuery(String rawQuery) {
        Map<String, List<byte[]>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        if (rawQuery.length() > MAX_QUERY_LENGTH) {
            throw new TrackerException("query is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = new String(UrlBytes.decode(eq < 0 ? pair : pair.substring(0, eq)), StandardCharsets.ISO_8859_1);
            byte[] value = eq < 0 ? new byte[0] : UrlBytes.decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private Map<String, Object> announce(HttpExchange exchange, Map<String, List<byte[]>> q) {
        InfoHash infoHash = InfoHash.of(exactly(q, "info_hash", 20));
        byte[] peerId = exactly(q, "peer_id", 20);
        int port = (int) number(q, "port", -1);
        if (port < 1 || port > 65535) {
            throw new TrackerException("port is missing or not in 1..65535");
        }
        AnnounceEvent event = AnnounceEvent.fromHttpName(text(q, "event"));
        InetAddress address = peerAddress(exchange.getRemoteAddress().getAddress(), text(q, "ip"));
        int numWant = (int) Math.min(number(q, "numwant", DEFAULT_NUMWANT), MAX_NUMWANT);
        Instant now = clock.instant();
        Peer me = new Peer(peerId, new InetSocketAddress(address, port), number(q, "uploaded", 0),
                number(q, "downloaded", 0), number(q, "left", 0), event, now);

        Instant cutoff = now.minus(interval.multipliedBy(2));
        if (peerCount.get() >= MAX_PEERS) {
            expireAll(cutoff);
        }
        String key = HexFormat.of().formatHex(peerId);
        List<Peer> others = new ArrayList<>();
        int[] seedersAndAll = new int[2];
        swarms.compute(infoHash, (h, existing) -> {
            Swarm swarm = existing;
            if (swarm == null) {
                if (swarms.size() >= MAX_SWARMS) {
                    throw new TrackerException("tracker is full");
                }
                swarm = new Swarm();
            }
            expire(swarm, cutoff);
            if (event == AnnounceEvent.STOPPED) {
                if (swarm.peers.remove(key) != null) {
                    peerCount.decrementAndGet();
                }
            } else {
                if (!swarm.peers.containsKey(key)) {
                    if (swarm.peers.size() >= MAX_PEERS_PER_SWARM || peerCount.get() >= MAX_PEERS) {
                        throw new TrackerException("tracker is full");
                    }
                    peerCount.incrementAndGet();
                }
                swarm.peers.put(key, me);
                if (event == AnnounceEvent.COMPLETED) {
                    swarm.downloaded++;
                }
            }
            for (Peer p : swarm.peers.values()) {
                if (!Arrays.equals(p.peerId, peerId) && !p.address.equals(me.address)) {
                    others.add(p);
                }
            }
            seedersAndAll[0] = swarm.seeders();
            seedersAndAll[1] = swarm.peers.size();
            return swarm.peers.isEmpty() ? null : swarm;
        });
        int complete = seedersAndAll[0];
        int incomplete = seedersAndAll[1] - complete;
        LOG.debug("embedded tracker: {} {} from {} ({} others)", infoHash, event, me.address, others.size());
        Collections.shuffle(others);
        List<Peer> chosen = event == AnnounceEvent.STOPPED ? List.of() : others.subList(0, Math.min(numWant, others.size()));

        Map<String, Object> reply = new TreeMap<>();
        reply.put("interval", interval.getSeconds());
        reply.put("min interval", Math.max(1, interval.getSeconds() / 2));
        reply.put("complete", complete);
        reply.put("incomplete", incomplete);
        boolean compact = number(q, "compact", 1) != 0;
        List<InetSocketAddress> addresses = chosen.stream().map(Peer::address).toList();
        if (compact) {
            reply.put("peers", CompactPeers.encode(addresses, false));
            byte[] v6 = CompactPeers.encode(addresses, true);
            if (v6.length > 0) {
                reply.put("peers6", v6);
            }
        } else {
            boolean withId = number(q, "no_peer_id", 0) == 0;
            reply.put("peers", chosen.stream().map(p -> dictionaryPeer(p, withId)).toList());
        }
        return reply;
    }

    private static Map<String, Object> dictionaryPeer(Peer p, boolean withId) {
        Map<String, Object> d = new TreeMap<>();
        d.put("ip", p.address.getAddress().getHostAddress().replaceFirst("%.*", ""));
        d.put("port", p.address.getPort());
        if (withId) {
            d.put("peer id", p.peerId);
        }
        return d;
    }

    private Map<String, Object> scrape(HttpExchange exchange, Map<String, List<byte[]>> q) {
        List<byte[]> hashes = q.getOrDefault("info_hash", List.of());
        if (hashes.size() > MAX_SCRAPE_HASHES) {
            throw new TrackerException("more than " + MAX_SCRAPE_HASHES + " info_hash values");
        }
        Instant cutoff = expiryCutoff();
        Map<String, Object> files = new TreeMap<>();
        for (byte[] hash : hashes) {
            if (hash.length != 20) {
                throw new TrackerException("info_hash has " + hash.length + " bytes, not 20");
            }
            swarms.computeIfPresent(InfoHash.of(hash), (h, swarm) -> {
                expire(swarm, cutoff);
                int seeders = swarm.seeders();
                Map<String, Object> stats = new TreeMap<>();
                stats.put("complete", seeders);
                stats.put("downloaded", swarm.downloaded);
                stats.put("incomplete", swarm.peers.size() - seeders);
                files.put(new String(hash, StandardCharsets.ISO_8859_1), stats);
                return swarm.peers.isEmpty() ? null : swarm;
            });
        }
        return Map.of("files", files);
    }

    /** The remote address, or the {@code ip} parameter for a loopback announcer (see the class comment). */
    private static InetAddress peerAddress(InetAddress remote, String ip) {
        if (ip == null || !remote.isLoopbackAddress()) {
            return remote;
        }
        InetAddress claimed = IpLiteral.parse(ip);
        if (claimed == null) {
            throw new TrackerException("ip is not an IP address");
        }
        return claimed;
    }

    private static byte[] exactly(Map<String, List<byte[]>> q, String name, int length) {
        List<byte[]> values = q.get(name);
        if (values == null || values.get(0).length != length) {
            throw new TrackerException(name + " is missing or not " + length + " bytes");
        }
        return values.get(0);
    }

    private static String text(Map<String, List<byte[]>> q, String name) {
        List<byte[]> values = q.get(name);
        return values == null ? null : new String(values.get(0), StandardCharsets.ISO_8859_1);
    }

    private static long number(Map<String, List<byte[]>> q, String name, long absent) {
        String s = text(q, name);
        if (s == null) {
            return absent;
        }
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // numwant=-1 means "default" to some clients
            if (s.equals("-1")) {
                return absent;
            }
            throw new TrackerException(name + " is not a non-negative number");
        }
        return Long.parseLong(s);
    }

    /** The peers of one torrent, by hex peer id. */
    private static final class Swarm {
        final Map<String, Peer> peers = new LinkedHashMap<>();
        long downloaded;

        int seeders() {
            return (int) peers.values().stream().filter(p -> p.left == 0).count();
        }
    }
}
