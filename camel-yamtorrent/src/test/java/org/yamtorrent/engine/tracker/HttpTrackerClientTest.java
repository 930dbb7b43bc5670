package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.yamtorrent.engine.tracker.UdpTrackerClientTest.failure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpTrackerClientTest {

    private static final byte[] OK = "d8:intervali900e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e".getBytes(StandardCharsets.ISO_8859_1);

    private HttpServer server;
    private ExecutorService executor;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final HttpTrackerClient client = new HttpTrackerClient(Duration.ofMillis(800), 64 * 1024, 100);

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(Requests.loopback(0), 16);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        executor.shutdownNow();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void serve(String path, int status, byte[] body) {
        server.createContext(path, ex -> {
            queries.add(ex.getRequestURI().getRawQuery());
            respond(ex, status, body);
        });
    }

    private void redirect(String path, String to) {
        server.createContext(path, ex -> {
            ex.getResponseHeaders().set("Location", to);
            respond(ex, 302, new byte[0]);
        });
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void announcesAndParsesTheReply() throws Exception {
        serve("/announce", 200, OK);
        AnnounceResponse r = client.announce(url("/announce?passkey=s3cret"), Requests.request("-YT0001-", 6881))
                .get(10, TimeUnit.SECONDS);
        assertEquals(900, r.interval());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 6881)), r.peers());
        String query = queries.get(0);
        assertTrue(query.startsWith("passkey=s3cret&info_hash=%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg&peer_id=-YT0001-"), query);
        assertTrue(query.contains("&port=6881&") && query.contains("&compact=1") && query.endsWith("&event=started"), query);
    }

    @Test
    void warmsUpAgainstALoopbackServerOfItsOwnThenAnnouncesAsBefore() throws Exception {
        client.warmUp(); // throws when its exchange fails
        assertTrue(queries.isEmpty(), "the warm-up asks no tracker");
        announcesAndParsesTheReply();
    }

    @Test
    void failureReasonWinsOverAnErrorStatus() {
        serve("/announce", 400, "d14:failure reason9:not founde".getBytes(StandardCharsets.US_ASCII));
        assertEquals("tracker failure: not found", failure(client.announce(url("/announce"), Requests.request("a", 1))).getMessage());
    }

    @Test
    void errorStatusWithoutReasonIsNamed() {
        serve("/announce", 503, "<html>busy</html>".getBytes(StandardCharsets.US_ASCII));
        assertEquals("announce reply: HTTP status 503", failure(client.announce(url("/announce"), Requests.request("a", 1))).getMessage());
    }

    @Test
    void followsARedirect() throws Exception {
        serve("/real", 200, OK);
        redirect("/announce", url("/real").toString());
        assertEquals(900, client.announce(url("/announce"), Requests.request("a", 1)).get(10, TimeUnit.SECONDS).interval());
    }

    @Test
    void redirectLoopFails() {
        redirect("/a", url("/b").toString());
        redirect("/b", url("/a").toString());
        String message = failure(client.announce(url("/a"), Requests.request("a", 1))).getMessage();
        assertTrue(message.startsWith("announce reply: redirect loop via http://127.0.0.1:"), message);
    }

    @Test
    void tooManyRedirectsFail() {
        for (int i = 1; i <= 5; i++) {
            redirect("/r" + i, url("/r" + (i + 1)).toString());
        }
        serve("/r6", 200, OK);
        assertEquals("announce reply: more than 3 redirects",
                failure(client.announce(url("/r1"), Requests.request("a", 1))).getMessage());
    }

    @Test
    void oversizedBodiesAreCut() {
        serve("/declared", 200, new byte[100 * 1024]);
        assertEquals("announce reply: Content-Length 102400 exceeds the limit of 65536 bytes",
                failure(client.announce(url("/declared"), Requests.request("a", 1))).getMessage());
        server.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[4096]);
                }
            } catch (IOException expected) {
                // the client hangs up once it has seen too much
            }
        });
        assertEquals("announce reply: body exceeds the limit of 65536 bytes",
                failure(client.announce(url("/chunked"), Requests.request("a", 1))).getMessage());
    }

    @Test
    void serverThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (SilentHttpServer silent = new SilentHttpServer()) {
            URI tracker = silent.announceUrl();
            String message = failure(client.announce(tracker, Requests.request("a", 1))).getMessage();
            assertEquals("announce to http://127.0.0.1:" + tracker.getPort() + ": no reply within 800 ms", message);
            assertEquals(1, silent.connections(), "the request reached the silent server");
        }
    }

    @Test
    void refusedConnectionFails() throws Exception {
        int port = Requests.closedPort();
        String message = failure(client.announce(URI.create("http://127.0.0.1:" + port + "/announce"),
                Requests.request("a", 1))).getMessage();
        assertTrue(message.startsWith("announce to http://127.0.0.1:" + port + ": "), message);
    }

    @Test
    void otherSchemesAndHostlessUrlsAreRefused() {
        assertEquals("announce: udp is not http or https",
                failure(client.announce(URI.create("udp://127.0.0.1:1"), Requests.request("a", 1))).getMessage());
        assertEquals("announce to http://(no host): unusable URL",
                failure(client.announce(URI.create("http:/announce"), Requests.request("a", 1))).getMessage());
    }
}
