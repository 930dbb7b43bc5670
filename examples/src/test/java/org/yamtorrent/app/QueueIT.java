package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.MetainfoReader;

/**
 * routes/queue/download.yaml in the real application jar, fed by an Artemis broker in the test JVM: .torrent bytes
 * published to the queue are downloaded bit-exact; failing jobs are redelivered, then dead-lettered with the
 * reason; a killed app and a restarted broker lose no queued job, nor does a broker restarted mid-job.
 */
@Timeout(420)
class QueueIT {

    private static final int PIECE = 64 * 1024;
    private static final String ROUTE_STARTED = "Started queue-download";

    @TempDir
    Path tmp;

    /** The app on the queue, once its route has started (a JVM start on a busy machine takes half a minute). */
    private AppProcess app(Jms jms, String name) throws Exception {
        long runs = routeStarts(tmp.resolve(name).resolve("app.log")); // a restarted app appends to its log
        AppProcess app = AppProcess.start(tmp.resolve(name), "queue/download.yaml", Map.of(
                "yamtorrent.broker.url", jms.url,
                "yamtorrent.jobs", tmp.resolve("jobs.txt").toString(),
                "yamtorrent.queue.redeliveries", "2",
                "yamtorrent.queue.redelivery-delay", "200",
                // long enough for the 2 MiB jobs on a busy machine, short for the three attempts that must time out
                "yamtorrent.queue.timeout", "10s"));
        app.await("its route", 180, () -> app.count(ROUTE_STARTED) > runs);
        return app;
    }

    private static long routeStarts(Path log) throws IOException {
        try (var lines = Files.exists(log) ? Files.lines(log) : java.util.stream.Stream.<String>empty()) {
            return lines.filter(l -> l.contains(ROUTE_STARTED)).count();
        }
    }

    @Test
    void queuedJobsAreDownloadedAndFailingOnesDeadLetteredWithTheReason() throws Exception {
        try (Jms jms = Jms.start(tmp.resolve("broker"), 0); Origin origin = new Origin(tmp.resolve("origin"))) {
            byte[] data = origin.payload("good.bin", 2 * 1024 * 1024 + 5, 1);
            byte[] good = origin.torrent("good.bin", PIECE);
            origin.seed(good);
            // valid, but nobody seeds it yet: each attempt times out
            byte[] later = origin.payload("later.bin", 300_000, 2);
            byte[] unobtainable = origin.torrent("later.bin", PIECE);

            AppProcess app = app(jms, "app");
            try {
                jms.send("torrents", false, good);
                jms.send("torrents", false, "this is not a torrent".getBytes());
                jms.send("torrents", false, unobtainable);

                app.await("good.bin", 60, () -> Files.exists(app.out("good.bin")));
                assertArrayEquals(data, Files.readAllBytes(app.out("good.bin")));

                Message broken = jms.receive("torrents.failed", 30_000);
                assertNotNull(broken, () -> "the broken job is dead-lettered:\n" + app.log());
                assertTrue(broken.getStringProperty("YamtorrentFailure").contains("torrent"),
                        () -> "reason: " + propertyOrNull(broken));
                assertEquals("2", broken.getStringProperty("YamtorrentRedeliveries"));
                assertArrayEquals("this is not a torrent".getBytes(), broken.getBody(byte[].class), "the job is kept as sent");

                Message timedOut = jms.receive("torrents.failed", 90_000);
                assertNotNull(timedOut, () -> "the unobtainable job is dead-lettered:\n" + app.log());
                assertTrue(timedOut.getStringProperty("YamtorrentFailure").contains("did not complete within"),
                        () -> "reason: " + propertyOrNull(timedOut));
                assertEquals("2", timedOut.getStringProperty("YamtorrentRedeliveries"));
                assertEquals(MetainfoReader.read(unobtainable).infoHash().hex(),
                        timedOut.getStringProperty("YamtorrentInfoHash"));
                assertArrayEquals(unobtainable, timedOut.getBody(byte[].class));
                // three failed deliveries (the first and two redeliveries) per failing job, each logged
                assertEquals(6, app.count("On delivery attempt"), app::log);

                // the dead-lettered job freed its key: published again once seeded, it is fetched
                origin.seed(unobtainable);
                jms.send("torrents", false, unobtainable);
                app.await("later.bin", 60, () -> Files.exists(app.out("later.bin")));
                assertArrayEquals(later, Files.readAllBytes(app.out("later.bin")));
                assertEquals(0, jms.depth("torrents"));
            } finally {
                app.close();
            }
        }
    }

    /**
     * Magnet links as JMS text messages: one the origin seeds (found through its tracker and {@code x.pe}) is
     * downloaded bit-exact; one nobody has fails at the timeout, is redelivered, then dead-lettered with a reason
     * naming its info-hash, kept as sent.
     */
    @Test
    void magnetLinksAreDownloadedAndOneNobodyHasIsDeadLetteredNamingItsInfoHash() throws Exception {
        try (Jms jms = Jms.start(tmp.resolve("broker"), 0); Origin origin = new Origin(tmp.resolve("origin"))) {
            byte[] data = origin.payload("magnet.bin", 700_000, 3);
            byte[] torrent = origin.torrent("magnet.bin", PIECE);
            origin.seed(torrent);
            String hex = MetainfoReader.read(torrent).infoHash().hex();
            String lost = "magnet:?xt=urn:btih:" + "cd".repeat(20) + "&dn=lost";
            AppProcess app = AppProcess.start(tmp.resolve("app"), "queue/download.yaml", Map.of(
                    "yamtorrent.broker.url", jms.url,
                    "yamtorrent.jobs", tmp.resolve("jobs.txt").toString(),
                    "yamtorrent.queue.redeliveries", "1",
                    "yamtorrent.queue.redelivery-delay", "200",
                    "yamtorrent.queue.timeout", "10s"));
            try {
                jms.sendText("torrents", "magnet:?xt=urn:btih:" + hex + "&dn=magnet.bin&tr=" + origin.tracker.announceUrl()
                        + "&x.pe=127.0.0.1:" + origin.session.listenPort());
                jms.sendText("torrents", lost);
                app.await("magnet.bin", 60, () -> Files.exists(app.out("magnet.bin")));
                assertArrayEquals(data, Files.readAllBytes(app.out("magnet.bin")));

                Message dead = jms.receive("torrents.failed", 60_000);
                assertNotNull(dead, () -> "the magnet nobody has is dead-lettered:\n" + app.log());
                assertTrue(dead.getStringProperty("YamtorrentFailure").startsWith("no metadata for " + "cd".repeat(20)
                        + " (lost) within 10 s"), () -> "reason: " + propertyOrNull(dead));
                assertEquals("cd".repeat(20), dead.getStringProperty("YamtorrentInfoHash"));
                assertEquals(lost, dead.getBody(String.class), "the job is kept as sent");
            } finally {
                app.close();
            }
        }
    }

    /**
     * Three jobs queued, the first one mid-download: a graceful stop of the app, then a kill -9 of it and a restart of
     * the broker, then a new app: all three arrive bit-exact, nothing was dead-lettered.
     */
    @Test
    void aKilledAppAndARestartedBrokerLoseNoQueuedJob() throws Exception {
        byte[][] data = new byte[3][];
        byte[][] torrents = new byte[3][];
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            for (int i = 0; i < 3; i++) {
                data[i] = origin.payload("job" + i + ".bin", 2 * 1024 * 1024 + i, 10 + i);
                torrents[i] = origin.torrent("job" + i + ".bin", PIECE);
            }
            // The origin has only the first half of job0, so the first app is stuck on it, deterministically.
            Path job0 = tmp.resolve("origin/job0.bin");
            byte[] half = data[0].clone();
            Arrays.fill(half, half.length / 2, half.length, (byte) 0);
            Files.write(job0, half);
            var partial = origin.session.add(MetainfoReader.read(torrents[0]), tmp.resolve("origin"),
                    new org.yamtorrent.engine.session.TorrentOptions().seedForever());
            int port;
            try (Jms jms = Jms.start(tmp.resolve("broker"), 0)) {
                port = jms.port();
                for (byte[] t : torrents) {
                    jms.send("torrents", false, t);
                }
                // A polite stop (TERM) mid-download rolls the job back onto the queue: not dead-lettered.
                AppProcess stopped = app(jms, "app");
                try {
                    stopped.await("job0 to start", 60, () -> partial.progress().uploaded() >= half.length / 4);
                } finally {
                    stopped.close();
                }
                assertTrue(stopped.log().contains("shutdown in"), "a graceful stop:\n" + stopped.log());
                assertEquals(3, jms.depth("torrents"), "the job running at the stop is back on the queue");
                assertEquals(null, jms.receive("torrents.failed", 100), "a stop dead-letters nothing");
                AppProcess first = app(jms, "app");
                try {
                    // the log is shared by both runs of this app: the second "taken" is this run's
                    first.await("job0 to be taken again", 60, () -> first.count(" taken") >= 2);
                    assertEquals(2, jms.depth("torrents"), "jobs 1 and 2 wait while job0 runs");
                } finally {
                    first.kill();
                }
                assertFalse(Files.exists(tmp.resolve("app/out/job0.bin")), "nothing handed on before completion");
            }
            partial.stop();
            Files.write(job0, data[0]);
            for (byte[] t : torrents) {
                origin.seed(t);
            }
            try (Jms jms = Jms.start(tmp.resolve("broker"), port)) {
                assertEquals(3, jms.depth("torrents"), "the restarted broker still holds every job");
                AppProcess second = app(jms, "app");
                try {
                    for (int i = 0; i < 3; i++) {
                        Path out = second.out("job" + i + ".bin");
                        second.await(out.getFileName().toString(), 60, () -> Files.exists(out));
                        assertArrayEquals(data[i], Files.readAllBytes(out));
                    }
                    second.await("the queue to drain", 30, () -> jms.messages("torrents") == 0);
                    assertEquals(null, jms.receive("torrents.failed", 100), "nothing dead-lettered");
                } finally {
                    second.close();
                }
            }
        }
    }

    /**
     * The broker restarts while the app is halfway through a job: the app reconnects on its own, and the job ends
     * downloaded once, bit-exact, and off the queue, with nothing dead-lettered.
     */
    @Test
    void aBrokerRestartedMidJobLosesNothing() throws Exception {
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            byte[] data = origin.payload("mid.bin", 2 * 1024 * 1024, 33);
            byte[] torrent = origin.torrent("mid.bin", PIECE);
            // the origin has only the first half at first: the job is mid-download when the broker goes
            Path file = tmp.resolve("origin/mid.bin");
            byte[] half = data.clone();
            Arrays.fill(half, half.length / 2, half.length, (byte) 0);
            Files.write(file, half);
            var partial = origin.session.add(MetainfoReader.read(torrent), tmp.resolve("origin"),
                    new org.yamtorrent.engine.session.TorrentOptions().seedForever());
            Jms jms = Jms.start(tmp.resolve("broker"), 0);
            int port = jms.port();
            AppProcess app = AppProcess.start(tmp.resolve("app"), "queue/download.yaml", Map.of(
                    "yamtorrent.broker.url", jms.url, "yamtorrent.jobs", tmp.resolve("jobs.txt").toString(),
                    "yamtorrent.queue.redelivery-delay", "200", "yamtorrent.queue.timeout", "120s"));
            app.await("its route", 180, () -> app.count(ROUTE_STARTED) > 0);
            try {
                jms.send("torrents", false, torrent);
                app.await("the job to be half done", 60, () -> partial.progress().uploaded() >= half.length / 4);
                jms.close();
                jms = Jms.start(tmp.resolve("broker"), port);
                partial.stop();
                Files.write(file, data);
                origin.seed(torrent);
                app.await("mid.bin", 120, () -> Files.exists(app.out("mid.bin")));
                assertArrayEquals(data, Files.readAllBytes(app.out("mid.bin")));
                Jms restarted = jms;
                app.await("the queue to drain", 90, () -> restarted.messages("torrents") == 0);
                assertEquals(null, jms.receive("torrents.failed", 100), "nothing dead-lettered");
                assertEquals(1, app.count("job mid.bin done"), "downloaded once:\n" + app.log());
            } finally {
                app.close();
                jms.close();
            }
        }
    }

    private static String propertyOrNull(Message m) {
        try {
            return m.getStringProperty("YamtorrentFailure");
        } catch (jakarta.jms.JMSException e) {
            return e.toString();
        }
    }
}
