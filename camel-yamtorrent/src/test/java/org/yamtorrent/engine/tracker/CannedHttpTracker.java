package org.yamtorrent.engine.tracker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * An HTTP tracker on 127.0.0.1 that answers request n (from 1) with the bencoded text the test chooses, or not
 * at all when that is null, and records every query.
 */
final class CannedHttpTracker implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    CannedHttpTracker(IntFunction<String> replyToRequest) throws IOException {
        server = HttpServer.create(Requests.loopback(0), 16);
        server.setExecutor(executor);
        server.createContext("/announce", ex -> {
            queries.add(ex.getRequestURI().getRawQuery());
            String reply = replyToRequest.apply(queries.size());
            if (reply == null) {
                return; // hang: the exchange stays open until the server stops
            }
            byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    URI announceUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/announce");
    }

    int requests() {
        return queries.size();
    }

    List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
