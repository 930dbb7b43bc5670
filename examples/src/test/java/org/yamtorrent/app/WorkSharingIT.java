package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * Two application processes consume the same queue with the same shared idempotent repository file: every torrent
 * is downloaded by exactly one of them, and duplicates (published while the original runs, and after it is done)
 * are not fetched again.
 */
@Timeout(240)
class WorkSharingIT {

    private static final int JOBS = 4;
    private static final int SIZE = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void eachTorrentIsDownloadedByExactlyOneNode() throws Exception {
        try (Jms jms = Jms.start(tmp.resolve("broker"), 0); Origin origin = new Origin(tmp.resolve("origin"))) {
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
            Map<String, String> props = Map.of("yamtorrent.broker.url", jms.url,
                    "yamtorrent.jobs", tmp.resolve("shared/jobs.txt").toString());
            AppProcess a = AppProcess.start(tmp.resolve("a"), "queue/download.yaml", props);
            AppProcess b = AppProcess.start(tmp.resolve("b"), "queue/download.yaml", props);
            try {
                a.await("its route", 60, () -> a.log().contains("Started queue-download"));
                b.await("its route", 60, () -> b.log().contains("Started queue-download"));
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
                free.await("the queue to drain", 30, () -> depth(jms) == 0);
                // the last duplicate may still be in a node's hands for a moment after leaving the queue
                Thread.sleep(2000);

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
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static int depth(Jms jms) {
        try {
            return jms.depth("torrents");
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
