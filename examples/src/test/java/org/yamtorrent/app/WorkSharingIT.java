package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * Two application processes consume the same queue and share one idempotent repository: the file of one host, or a
 * table in PostgreSQL (as nodes on several hosts would). Every torrent is downloaded by exactly one of them, and
 * duplicates (published while the original runs, and after it is done) are not fetched again. On PostgreSQL the same
 * nodes go on: a node killed mid-job loses its lock on the job, and its redelivery is fetched by the other node.
 * And a PostgreSQL restarted mid-job costs the job nothing.
 */
@Timeout(480)
class WorkSharingIT {

    private static final int JOBS = 4;
    private static final int SIZE = 1024 * 1024;
    private static final long LOCK_MAX_AGE_MS = 4000;

    @TempDir
    Path tmp;

    /** The properties that point the nodes at one shared repository of the kind {@code idempotent}. */
    private Map<String, String> repository(String idempotent, Postgres pg) {
        if (pg == null) {
            return Map.of("yamtorrent.queue.idempotent", "file", "yamtorrent.jobs", tmp.resolve("shared/jobs.txt").toString());
        }
        return Map.of("yamtorrent.queue.idempotent", "jdbc", "yamtorrent.queue.jdbc.url", pg.url(),
                "yamtorrent.queue.jdbc.user", Postgres.USER,
                "yamtorrent.queue.jdbc.lock-max-age", Long.toString(LOCK_MAX_AGE_MS),
                "yamtorrent.queue.jdbc.keep-alive", "500");
    }

    /** A node consuming the queue of {@code jms}, sharing the repository {@code repository} with the others. */
    private AppProcess node(String name, Jms jms, Map<String, String> repository) throws Exception {
        Map<String, String> props = new HashMap<>(repository);
        props.put("yamtorrent.broker.url", jms.url);
        return AppProcess.start(tmp.resolve(name), "queue/download.yaml", props);
    }

    private static void awaitRoute(AppProcess node) throws InterruptedException {
        node.await("its route", 180, () -> node.log().contains("Started queue-download"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "jdbc"})
    void eachTorrentIsDownloadedByExactlyOneNode(String idempotent) throws Exception {
        try (Postgres pg = idempotent.equals("jdbc") ? Postgres.start() : null;
             Jms jms = Jms.start(tmp.resolve("broker"), 0); Origin origin = new Origin(tmp.resolve("origin"))) {
            List<byte[]> data = new ArrayList<>();
            List<byte[]> torrents = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                data.add(origin.payload("job" + i + ".bin", SIZE + i, 100 + i));
                torrents.add(origin.torrent("job" + i + ".bin", 64 * 1024));
            }
            // job0 is withheld at first: the node that takes it stays busy with it (one consumer per node), so
            // the other node must take the rest; that makes both nodes work, deterministically.
            Path job0 = tmp.resolve("origin/job0.bin");
            Files.write(job0, new byte[SIZE]);
            TorrentHandle stale = origin.session.add(MetainfoReader.read(torrents.get(0)), tmp.resolve("origin"),
                    new TorrentOptions().seedForever());
            List<TorrentHandle> seeds = new ArrayList<>();
            for (int i = 1; i < JOBS; i++) {
                seeds.add(origin.seed(torrents.get(i)));
            }
            AppProcess a = node("a", jms, repository(idempotent, pg));
            AppProcess b = node("b", jms, repository(idempotent, pg));
            try {
                awaitRoute(a);
                awaitRoute(b);
                jms.send("torrents", false, torrents.get(0));
                AppProcess[] busy = new AppProcess[1];
                a.await("a node to take job0", 30, () -> {
                    busy[0] = a.count("job job0.bin") > 0 ? a : b.count("job job0.bin") > 0 ? b : null;
                    return busy[0] != null;
                });
                AppProcess free = busy[0] == a ? b : a;
                // a duplicate while job0 runs: the free node takes it from the queue and skips it
                jms.send("torrents", false, torrents.get(0));
                for (int i = 1; i < JOBS; i++) {
                    jms.send("torrents", false, torrents.get(i));
                }
                for (int i = 1; i < JOBS; i++) {
                    Path out = free.out("job" + i + ".bin");
                    free.await(out.getFileName().toString(), 60, () -> Files.exists(out));
                }
                // now job0 can be had
                stale.stop();
                Files.write(job0, data.get(0));
                seeds.add(0, origin.seed(torrents.get(0)));
                busy[0].await("job0.bin", 60, () -> Files.exists(busy[0].out("job0.bin")));
                // duplicates of finished jobs
                for (int i = 0; i < JOBS; i++) {
                    jms.send("torrents", false, torrents.get(i));
                }
                // drained: no message left, none still in a node's hands (delivered, not yet acknowledged)
                free.await("the queue to drain", 30, () -> jms.messages("torrents") == 0);

                for (int i = 0; i < JOBS; i++) {
                    String name = "job" + i + ".bin";
                    boolean inA = Files.exists(a.out(name));
                    boolean inB = Files.exists(b.out(name));
                    assertTrue(inA ^ inB, name + " is downloaded by exactly one node: a=" + inA + " b=" + inB);
                    assertArrayEquals(data.get(i), Files.readAllBytes((inA ? a : b).out(name)));
                    assertEquals(1, a.count("job " + name + " (") + b.count("job " + name + " ("),
                            name + " taken once over both nodes:\n" + a.log() + "\n" + b.log());
                    long sent = seeds.get(i).progress().uploaded();
                    assertTrue(sent < 2L * SIZE, name + ": the origin sent " + sent + " bytes, less than two copies");
                }
                long doneA = a.count("done (");
                long doneB = b.count("done (");
                System.out.printf("work sharing: node a downloaded %d torrents, node b %d%n", doneA, doneB);
                assertTrue(doneA >= 1 && doneB >= 1, "both nodes worked");
                assertNull(jms.receive("torrents.failed", 100), "nothing dead-lettered");
                if (pg != null) {
                    aKilledNodesJobIsFreedAndCompletedByTheOtherNode(a, b, jms, origin);
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /**
     * PostgreSQL restarted while a node is halfway through a job, down for longer than the lock's maximum age (so
     * the node's heartbeats fail meanwhile): the job still ends downloaded once, bit-exact, off the queue and
     * stamped done in the table, and nothing is dead-lettered.
     */
    @Test
    void aPostgresRestartedMidJobLosesNothing() throws Exception {
        try (Postgres pg = Postgres.start(); Jms jms = Jms.start(tmp.resolve("broker"), 0);
             Origin origin = new Origin(tmp.resolve("origin"))) {
            HalfSeeded job = new HalfSeeded(origin, "pg.bin", 9);
            byte[] data = job.data;
            AppProcess a = node("a", jms, repository("jdbc", pg));
            try {
                awaitRoute(a);
                jms.send("torrents", false, job.torrent);
                a.await("the job to be half done", 60, job::halfDone);
                pg.stop();
                // the outage itself, not a wait for something: longer than the lock's maximum age
                Thread.sleep(2 * LOCK_MAX_AGE_MS);
                pg.startServer();
                job.complete();
                a.await("pg.bin", 120, () -> Files.exists(a.out("pg.bin")));
                assertArrayEquals(data, Files.readAllBytes(a.out("pg.bin")));
                a.await("the queue to drain", 60, () -> jms.messages("torrents") == 0);
                assertNull(jms.receive("torrents.failed", 100), "nothing dead-lettered");
                assertEquals(1, a.count("job pg.bin done"), "downloaded once:\n" + a.log());
                try (var c = pg.connect(); var q = c.prepareStatement(
                        "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE createdAt = ?")) {
                    q.setTimestamp(1, JdbcJobRepository.DONE);
                    try (var rs = q.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(1, rs.getInt(1), "the job is stamped done in the table");
                    }
                }
            } finally {
                a.close();
            }
        }
    }

    /**
     * On PostgreSQL, the same two nodes go on: the node that takes the next job is kill -9'd halfway through it. The
     * broker gives the job to the other node at once, which finds the key still locked, watches the dead node's
     * heartbeat stay silent for the lock's maximum age, takes the job over and completes it; nothing is
     * dead-lettered.
     */
    private void aKilledNodesJobIsFreedAndCompletedByTheOtherNode(AppProcess a, AppProcess b, Jms jms, Origin origin)
            throws Exception {
        HalfSeeded job = new HalfSeeded(origin, "orphan.bin", 7);
        byte[] data = job.data;
        jms.send("torrents", false, job.torrent);
        a.await("the job to be half done", 60, job::halfDone);
        AppProcess killed = a.count("job orphan.bin") > 0 ? a : b;
        AppProcess other = killed == a ? b : a;
        assertEquals(0, other.count("job orphan.bin"), "one node took the job");
        killed.kill();
        long killedAt = System.nanoTime();
        TorrentHandle seed = job.complete();
        other.await("orphan.bin", 90, () -> Files.exists(other.out("orphan.bin")));
        long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertArrayEquals(data, Files.readAllBytes(other.out("orphan.bin")));
        assertEquals(1, other.count("job orphan.bin ("), other::log);
        assertTrue(seed.progress().uploaded() > 0, "the other node fetched it");
        System.out.printf("work sharing on PostgreSQL: the killed node's job was completed by the other node "
                + "%d ms after the kill (lock max age %d ms)%n", tookMs, LOCK_MAX_AGE_MS);
        other.await("the queue to drain", 30, () -> jms.messages("torrents") == 0);
        assertNull(jms.receive("torrents.failed", 100), "nothing dead-lettered");
    }

    /**
     * A job of 2 MiB whose origin has only the first half of the payload at first: whoever takes it is stuck
     * halfway, deterministically, until {@link #complete} gives the origin the rest.
     */
    private final class HalfSeeded {
        final byte[] data;
        final byte[] torrent;
        private final Origin origin;
        private final Path file;
        private final TorrentHandle partial;

        HalfSeeded(Origin origin, String name, long seed) throws Exception {
            this.origin = origin;
            data = origin.payload(name, 2 * SIZE, seed);
            torrent = origin.torrent(name, 64 * 1024);
            file = tmp.resolve("origin").resolve(name);
            byte[] half = data.clone();
            Arrays.fill(half, half.length / 2, half.length, (byte) 0);
            Files.write(file, half);
            partial = origin.session.add(MetainfoReader.read(torrent), tmp.resolve("origin"),
                    new TorrentOptions().seedForever());
        }

        /** The origin has sent a quarter of the payload: the job is under way and cannot finish. */
        boolean halfDone() {
            return partial.progress().uploaded() >= data.length / 4;
        }

        /** The origin seeds the whole payload now. */
        TorrentHandle complete() throws Exception {
            partial.stop();
            Files.write(file, data);
            return origin.seed(torrent);
        }
    }
}
