package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * The status page in headless Chromium while the app downloads: the progress bar moves as the seeder gets more of
 * the data, the page's pause button stops the download (it stays put although the whole payload is then on offer),
 * resume finishes it; a screenshot goes to target/status-page.png. Actions without the token are refused.
 */
@Timeout(240)
class StatusPageIT {

    private static final int PIECE = 64 * 1024;
    private static final int PIECES = 64;

    @TempDir
    Path tmp;

    @Test
    void thePageShowsProgressAndItsPauseButtonTakesEffect() throws Exception {
        Assumptions.assumeTrue(Chrome.installed(), "Chromium or chromedriver is not installed (Debian: chromium, "
                + "chromium-driver): the browser test of the status page is skipped");
        Path seedDir = tmp.resolve("origin");
        try (Origin origin = new Origin(seedDir)) {
            byte[] data = origin.payload("page.bin", PIECES * PIECE, 31);
            byte[] torrent = origin.torrent("page.bin", PIECE);
            TorrentHandle offered = offer(origin, torrent, data, PIECES / 4);

            int port = freePort();
            try (AppProcess app = AppProcess.start(tmp.resolve("app"), "download.yaml", "yamtorrent.status.enabled=true",
                    "yamtorrent.status.port=" + port, "yamtorrent.status.token=s3cret");
                 Chrome chrome = Chrome.start(tmp.resolve("profile"), tmp.resolve("chromedriver.log"))) {
                app.await("the status page", 120, () -> app.log().contains("status page on"));
                String page = "http://127.0.0.1:" + port + "/";
                assertEquals(403, post(page + "api/torrents/00/pause", "wrong"), "an action needs the token");
                chrome.open(page + "#token=s3cret");
                Files.createDirectories(app.dir.resolve("drop"));
                Files.write(app.dir.resolve("page.torrent.tmp"), torrent);
                Files.move(app.dir.resolve("page.torrent.tmp"), app.dir.resolve("drop/page.torrent"));

                double quarter = awaitPercent(chrome, app, p -> p >= 25);
                offered.stop();
                offered = offer(origin, torrent, data, PIECES * 3 / 4);
                double threeQuarters = awaitPercent(chrome, app, p -> p >= 75);
                assertTrue(threeQuarters > quarter, "the bar moved: " + quarter + " -> " + threeQuarters);
                assertEquals("75%", chrome.script("return document.querySelector('td.progress .bar > div').style.width"));

                chrome.script("document.querySelector('button.pause').click()");
                awaitState(chrome, app, "PAUSED");
                offered.stop();
                offer(origin, torrent, data, PIECES);
                // the whole payload is on offer now, and for a few announce intervals the paused download takes none
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                while (System.nanoTime() < end) {
                    assertEquals(75.0, percent(chrome), 0.01, "paused, nothing more is fetched");
                    Thread.sleep(250);
                }
                chrome.screenshot(Path.of("target/status-page.png"));
                assertTrue(Files.size(Path.of("target/status-page.png")) > 1000);

                chrome.script("document.querySelector('button.resume').click()");
                app.await("the download to finish after resume", 120,
                        () -> Files.exists(app.dir.resolve("drop/.done/page.torrent")));
            }
        }
    }

    /** Seeds the torrent from a copy of the payload that has only its first {@code pieces} pieces. */
    private TorrentHandle offer(Origin origin, byte[] torrent, byte[] data, int pieces) throws Exception {
        byte[] part = data.clone();
        Arrays.fill(part, pieces * PIECE, part.length, (byte) 0);
        Path dir = Files.createDirectories(tmp.resolve("offer-" + pieces));
        Files.write(dir.resolve("page.bin"), part);
        return origin.session.add(MetainfoReader.read(torrent), dir, new TorrentOptions().seedForever());
    }

    private static double percent(Chrome chrome) throws Exception {
        Object p = chrome.script("const c = document.querySelector('td.progress'); return c ? c.dataset.percent : null");
        return p == null ? -1 : Double.parseDouble(p.toString());
    }

    private static double awaitPercent(Chrome chrome, AppProcess app, DoublePredicate until) throws Exception {
        double[] last = { -1 };
        app.await("the page's progress bar (last " + last[0] + "%)", 120, () -> {
            try {
                last[0] = percent(chrome);
                return until.test(last[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return last[0];
    }

    private static void awaitState(Chrome chrome, AppProcess app, String state) throws InterruptedException {
        app.await("the page to show " + state, 60, () -> {
            try {
                return state.equals(chrome.script("const c = document.querySelector('td.state'); return c ? c.textContent : null"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int post(String url, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("X-Yamtorrent-Token", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
