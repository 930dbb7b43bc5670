package org.yamtorrent.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yamtorrent.camel.DropFolder;
import org.yamtorrent.camel.TestSeeder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot app as it ships (application.properties, routes/download.yaml on the class path) on a random
 * port: a .torrent dropped into its drop folder is downloaded from a seeder in this JVM, found through a tracker,
 * and the verified file lands in the output folder; the actuator's health shows the torrent consumer's check, and
 * /actuator/camel/torrent the torrent dev console, /actuator/metrics and /actuator/prometheus the component's meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"camel.component.torrent.listen-port=0", "camel.component.torrent.listen-address=127.0.0.1",
                        "camel.component.torrent.dht=false"})
// a test turns the metrics exporters off unless told so: the app's PrometheusMeterRegistry, as it runs
@AutoConfigureObservability(tracing = false)
class ApplicationTest {

    private static final int PIECE = 64 * 1024;

    @TempDir
    static Path dir;
    static TestSeeder seeder;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) throws Exception {
        Files.createDirectories(dir.resolve("drop"));
        registry.add("yamtorrent.drop", () -> dir.resolve("drop").toString());
        registry.add("yamtorrent.work", () -> dir.resolve("work").toString());
        registry.add("yamtorrent.out", () -> dir.resolve("downloads").toString());
    }

    @AfterAll
    static void stopSeeder() throws Exception {
        if (seeder != null) {
            seeder.close();
        }
    }

    @Test
    void downloadsADroppedTorrentAndReportsTheConsumersHealth() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 123];
        new Random(14).nextBytes(data);
        Path source = TestSeeder.writePayload(dir.resolve("origin"), "spring.bin", Map.of("", data));
        seeder = TestSeeder.withTracker();
        DropFolder.drop(dir.resolve("drop"), "spring.torrent", seeder.seed(source, PIECE));

        Path out = dir.resolve("downloads").resolve("spring.bin");
        assertArrayEquals(data, DropFolder.awaitFile(out, data.length, Duration.ofSeconds(90)), "the payload reached " + out);

        JsonObject health = get("/actuator/health");
        assertEquals("UP", health.getString("status"), health.toJson());
        JsonObject camel = (JsonObject) ((JsonObject) health.get("components")).get("camelHealth");
        assertNotNull(camel, "Camel's checks are in the actuator's health: " + health.toJson());
        JsonObject details = (JsonObject) camel.get("details");
        assertEquals("UP", details.getString("consumer:download"), "the torrent consumer's check: " + camel.toJson());
        // the details of the torrent consumer's own check (TorrentConsumerHealthCheck), not only Camel's route state
        JsonObject consumer = (JsonObject) details.get("consumer:download.data");
        assertEquals(dir.resolve("drop").toString(), consumer.getString("torrent.watch.directory"), consumer.toJson());
        assertTrue(Integer.parseInt(consumer.getString("torrent.listen.port")) > 0, consumer.toJson());
        assertNotNull(consumer.getString("torrent.active"), consumer.toJson());

        // the torrent dev console through the actuator: the component's session, listening on that port
        JsonObject console = (JsonObject) get("/actuator/camel/torrent").get("torrent");
        assertNotNull(console, "the torrent console is at /actuator/camel/torrent");
        JsonObject session = (JsonObject) ((java.util.List<?>) console.get("sessions")).get(0);
        assertEquals(Boolean.TRUE, session.get("listening"), console.toJson());
        assertEquals(consumer.getString("torrent.listen.port"), String.valueOf(session.get("listenPort")), console.toJson());

        // the component's meters on the actuator's MeterRegistry, tagged by torrent name: every piece verified once
        int pieces = (data.length + PIECE - 1) / PIECE;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (measurement("yamtorrent.pieces.verified") != pieces && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(pieces, measurement("yamtorrent.pieces.verified"), "pieces verified of spring.bin");
        assertEquals(data.length, measurement("yamtorrent.bytes.downloaded"), "bytes downloaded of spring.bin");
        String prometheus = text("/actuator/prometheus");
        assertTrue(prometheus.contains("yamtorrent_pieces_verified_total{torrent=\"spring.bin\"} " + pieces + ".0"), prometheus);
        assertTrue(prometheus.contains("yamtorrent_torrents_active{torrent=\"spring.bin\"}"), prometheus);
    }

    /** The value of a counter of spring.bin in /actuator/metrics, -1 while it has none. */
    private long measurement(String meter) {
        try {
            JsonObject metric = get("/actuator/metrics/" + meter + "?tag=torrent:spring.bin");
            return ((Number) ((JsonObject) ((java.util.List<?>) metric.get("measurements")).get(0)).get("value")).longValue();
        } catch (AssertionError | Exception e) {
            return -1;
        }
    }

    private JsonObject get(String path) throws Exception {
        return (JsonObject) Jsoner.deserialize(text(path));
    }

    private String text(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }
}
