package org.yamtorrent.app.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.camel.TorrentComponent;
import org.yamtorrent.camel.TorrentDevConsole;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.TorrentHandle;

/**
 * The live status page: {@code /} (static HTML and JS from the class path), {@code /api/torrents} (every torrent of
 * the torrent component as JSON, with its rate history) and {@code POST /api/torrents/<info-hash>/pause|resume|remove}
 * (only with the configured token in the {@code X-Yamtorrent-Token} header). The JDK's HTTP server: a page and a
 * JSON list need nothing more, and it adds no dependency.
 */
public final class StatusPage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private static final String TOKEN_HEADER = "X-Yamtorrent-Token";

    private final CamelContext camel;
    private final String token;
    private final HttpServer server;
    private final RateHistory history = new RateHistory(150);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "StatusPageSampler");
        t.setDaemon(true);
        return t;
    });

    private StatusPage(CamelContext camel, InetSocketAddress address, String token) throws IOException {
        this.camel = camel;
        this.token = token;
        this.server = HttpServer.create(address, 0);
        server.createContext("/api/torrents", this::api);
        server.createContext("/", this::page);
    }

    /** Serves the page on {@code address}; actions need {@code token} (none are allowed when it is blank). */
    public static StatusPage start(CamelContext camel, InetSocketAddress address, String token) throws IOException {
        StatusPage p = new StatusPage(camel, address, token);
        p.server.start();
        p.sampler.scheduleAtFixedRate(p::sample, 0, RateHistory.SAMPLE_SECONDS, TimeUnit.SECONDS);
        LOG.info("status page on http://{}:{}/{}", address.getHostString(), p.port(),
                token.isBlank() ? " (read-only: set yamtorrent.status.token to allow pause, resume and remove)" : "");
        return p;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void sample() {
        try {
            Session s = session();
            if (s != null) {
                history.sample(s.torrents());
            }
        } catch (RuntimeException e) {
            LOG.debug("status page: sampling failed", e);
        }
    }

    private Session session() {
        TorrentComponent c = component();
        return c == null ? null : c.getSession();
    }

    private TorrentComponent component() {
        return camel.hasComponent("torrent") instanceof TorrentComponent c ? c : null;
    }

    private void page(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String file = path.equals("/") ? "index.html" : path.substring(1);
        if (!"GET".equals(x.getRequestMethod()) || !file.matches("[a-z]+\\.(html|js|css)")) {
            send(x, 404, "text/plain", "not found");
            return;
        }
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + file)) {
            if (in == null) {
                send(x, 404, "text/plain", "not found");
                return;
            }
            String type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "text/css";
            send(x, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void api(HttpExchange x) throws IOException {
        String[] parts = x.getRequestURI().getPath().split("/");
        if ("GET".equals(x.getRequestMethod()) && parts.length == 3) {
            send(x, 200, "application/json", list());
        } else if ("POST".equals(x.getRequestMethod()) && parts.length == 5) {
            act(x, parts[3], parts[4]);
        } else {
            send(x, 404, "text/plain", "not found");
        }
    }

    private String list() {
        TorrentComponent c = component();
        Session s = session();
        List<JsonObject> torrents = new ArrayList<>();
        if (s != null) {
            for (TorrentHandle t : s.torrents()) {
                JsonObject jo = TorrentDevConsole.torrent(c, t);
                jo.put("history", history.of(t));
                torrents.add(jo);
            }
        }
        JsonObject root = new JsonObject();
        root.put("torrents", torrents);
        root.put("actions", !token.isBlank());
        root.put("sampleSeconds", RateHistory.SAMPLE_SECONDS);
        return Jsoner.serialize(root);
    }

    private void act(HttpExchange x, String infoHash, String action) throws IOException {
        String given = x.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (token.isBlank() || given == null
            || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            send(x, 403, "text/plain", "a valid " + TOKEN_HEADER + " is needed");
            return;
        }
        Session s = session();
        TorrentHandle t = s == null ? null : s.torrents().stream()
                .filter(h -> h.infoHash().hex().equals(infoHash)).findFirst().orElse(null);
        if (t == null) {
            send(x, 404, "text/plain", "no torrent " + infoHash);
            return;
        }
        switch (action) {
            case "pause" -> t.pause();
            case "resume" -> t.resume();
            case "remove" -> t.stop();
            default -> {
                send(x, 404, "text/plain", "no action " + action);
                return;
            }
        }
        LOG.info("{}: {} from the status page", t.name(), action);
        send(x, 200, "application/json", Jsoner.serialize(TorrentDevConsole.torrent(component(), t)));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        server.stop(0);
    }
}
