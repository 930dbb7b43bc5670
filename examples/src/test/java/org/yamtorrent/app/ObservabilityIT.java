package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camel-main app with {@code yamtorrent.observe=true}: Camel's management server shows the torrent consumer's
 * health check with its details at /observe/health, the torrent dev console (text and JSON) at /q/dev/torrent, and
 * the torrent meters in Prometheus form at /observe/metrics, scraped after a download.
 */
@Timeout(240)
class ObservabilityIT {

    private static final int PIECE = 64 * 1024;
    private static final int PIECES = 32;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthTheConsoleAndTheMetricsShowTheDownload() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            origin.payload("observed.bin", PIECES * PIECE, 13);
            byte[] torrent = origin.torrent("observed.bin", PIECE);
            origin.seed(torrent);
            // seed-time -1: the torrent stays in the session after it completes, so the console still lists it
            try (AppProcess app = AppProcess.start(tmp.resolve("app"), "download.yaml", "yamtorrent.observe=true",
                    "camel.management.port=" + port, "camel.component.torrent.seed-time=-1")) {
                // the check's details are in the listing only with data=true, whatever the exposure level
                app.await("the consumer's health check UP with its details", 120, () -> get(base + "/observe/health?data=true", null)
                        .matches("(?s)200 .*\"name\":\"consumer:download\",\"status\":\"UP\".*\"torrent\\.listen\\.port\":[1-9].*"));
                Files.createDirectories(app.dir.resolve("drop"));
                Files.write(app.dir.resolve("observed.torrent.tmp"), torrent);
                Files.move(app.dir.resolve("observed.torrent.tmp"), app.dir.resolve("drop/observed.torrent"));
                app.await("the download", 120, () -> Files.exists(app.out("observed.bin")));

                // pieces are counted as they verify, bytes by the component's sampler once a second: wait for both
                String bytes = "yamtorrent_bytes_downloaded_bytes_total{torrent=\"observed.bin\"} " + (PIECES * PIECE) + ".0";
                app.await(PIECES + " verified pieces and every byte in the metrics", 30, () -> {
                    String m = get(base + "/observe/metrics", null);
                    return m.contains("yamtorrent_pieces_verified_total{torrent=\"observed.bin\"} " + PIECES + ".0")
                           && m.contains(bytes);
                });
                String metrics = get(base + "/observe/metrics", null);
                assertTrue(metrics.contains(bytes), metrics);
                assertTrue(metrics.contains("yamtorrent_torrents_active{torrent=\"observed.bin\"}"), metrics);
                assertTrue(metrics.contains("camel_exchanges_total{"), "Camel's own meters beside ours: " + metrics);

                String text = get(base + "/q/dev/torrent", "text/plain");
                assertTrue(text.matches("(?s)200 .*torrent: listening on port [1-9].*observed\\.bin.*100.*"), text);
                String json = get(base + "/q/dev/torrent", "application/json");
                assertTrue(json.matches("(?s)200 .*\"name\":\"observed\\.bin\".*") && json.contains("\"percent\":100.0"), json);
            }
        }
    }

    /** The status code and the body, or "unreachable" while the server is not up. */
    private String get(String url, String accept) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }
}
