package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

/**
 * Churn: while {@value #STAYERS} leechers fetch a payload from one seeder, {@value #CHURNERS} more are closed
 * abruptly and started again (on the same folder, resuming) at random. Everyone who stays completes bit-exact, and
 * once all leechers are gone the seeder is back where it started: no peer left in its table, the JVM's threads
 * back to the count before the swarm (after a GC, which ends the closed sessions' HTTP client threads), the pooled
 * buffers in use back to that level (give or take what Netty's per-thread caches keep), and its timers (the
 * scheduled tasks of its event loops, where each connection keeps its keep-alive and idle timers, and of its timer
 * thread) back to the count before the swarm. The payload is 64 MiB ({@code -Dyamtorrent.churn.mib}).
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class ChurnTest {

    private static final int STAYERS = 4;
    private static final int CHURNERS = 4;
    private static final int MIN_KILLS = 6;
    private static final long SIZE = Integer.getInteger("yamtorrent.churn.mib", 64) * 1024L * 1024;
    /** What Netty's thread-local caches may keep per thread (its default small and normal cache sizes). */
    private static final long CACHED_PER_THREAD = 256 + 64;

    @TempDir
    Path tmp;

    @Test
    void leechersComingAndGoingLeaveTheSeederAsItWas() throws Exception {
        try (EmbeddedTracker tracker = EmbeddedTracker.start(); Session seeder = Session.open(Swarms.config(null))) {
            Path seed = tmp.resolve("seed");
            Swarms.writeRandomFile(seed.resolve("churn.bin"), SIZE, 64);
            Metainfo m = Swarms.createTorrent(seed.resolve("churn.bin"), tracker.announceUrl().toString(), 256 * 1024,
                    tmp.resolve("churn.torrent"));
            TorrentHandle seeding = seeder.add(m, seed, new TorrentOptions().seedForever());
            seeding.completion().get(60, TimeUnit.SECONDS);
            // one leecher first, so the JVM-wide pools a swarm starts lazily exist before the baseline is taken
            try (Session warmUp = Session.open(Swarms.config(null))) {
                warmUp.add(m, tmp.resolve("warm-up"), new TorrentOptions()).completion().get(120, TimeUnit.SECONDS);
            }
            Swarms.waitFor(() -> seeding.progress().peers() == 0, Duration.ofSeconds(60), "the warm-up peer to leave");
            Set<String> before = threadNames();
            int threads = before.size();
            long buffers = activeBuffers();
            int timers = baselineTimers(seeder);

            List<Session> stayers = new ArrayList<>();
            List<TorrentHandle> staying = new ArrayList<>();
            for (int i = 0; i < STAYERS; i++) {
                Session s = Session.open(Swarms.config(tmp.resolve("stay" + i + "-resume")));
                stayers.add(s);
                staying.add(s.add(m, tmp.resolve("stay" + i), new TorrentOptions()));
            }
            Session[] churners = new Session[CHURNERS];
            Random random = new Random(17);
            int kills = 0;
            int timersWithPeers = 0; // the most timers over the baseline seen with peers connected, per peer
            try {
                // a fast machine may finish the stayers within a few turns: the churn goes on until enough
                // leechers were killed, the later ones against a swarm of seeds
                while (!staying.stream().allMatch(t -> t.completion().isDone()) || kills < MIN_KILLS) {
                    int i = random.nextInt(CHURNERS);
                    if (churners[i] != null) {
                        churners[i].close();
                        churners[i] = null;
                        kills++;
                    } else {
                        churners[i] = Session.open(Swarms.config(tmp.resolve("churn" + i + "-resume")));
                        churners[i].add(m, tmp.resolve("churn" + i), new TorrentOptions());
                    }
                    Thread.sleep(50 + random.nextInt(300));
                    int peers = seeding.progress().peers();
                    if (peers > 0) {
                        timersWithPeers = Math.max(timersWithPeers, (timers(seeder) - timers) / peers);
                    }
                }
                // the count sees what connections schedule, so it could show one left behind
                assertTrue(timersWithPeers >= 1, "no timers per connected peer seen: " + timersWithPeers);
                for (TorrentHandle t : staying) {
                    t.completion().get();
                }
                for (int i = 0; i < STAYERS; i++) {
                    Swarms.assertSamePayload(m, seed, tmp.resolve("stay" + i), true);
                }
            } finally {
                for (Session s : churners) {
                    if (s != null) {
                        s.close();
                    }
                }
                stayers.forEach(Session::close);
            }
            // nothing of the closed sessions may stay reachable from here, or their threads could not end
            stayers.clear();
            staying.clear();
            Swarms.waitFor(() -> seeding.progress().peers() == 0, Duration.ofSeconds(60), "the seeder's peer table to empty");
            // JDK 17's HttpClient (the HTTP tracker client) has no close: its selector thread ends once the client
            // is collected, its idle workers after a minute
            Swarms.waitFor(() -> {
                System.gc();
                return threadNames().size() <= threads;
            }, Duration.ofSeconds(150),
                    "the threads to return to " + threads + "; new: " + newThreads(before));
            int seederThreads = threadNames().size();
            long allowance = CACHED_PER_THREAD * seederThreads;
            Swarms.waitFor(() -> activeBuffers() <= buffers + allowance, Duration.ofSeconds(60),
                    "pooled buffers in use to return to " + buffers + " (+" + allowance + "), now " + activeBuffers());
            Swarms.waitFor(() -> timers(seeder) <= timers, Duration.ofSeconds(60),
                    "the seeder's timers to return to " + timers + ", now " + timers(seeder));
            System.out.printf("churn: %d leechers killed and restarted during a %d MiB swarm; %d stayers complete; the"
                    + " seeder has %d peers, %d threads (before: %d), %d pooled buffers in use (before: %d), %d timers"
                    + " (before: %d; up to %d per peer during the swarm)%n", kills, SIZE >> 20, STAYERS,
                    seeding.progress().peers(), seederThreads, threads, activeBuffers(), buffers, timers(seeder), timers,
                    timersWithPeers);
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(t -> t.getName() + "#" + t.getId())
                .collect(Collectors.toSet());
    }

    private static Set<String> newThreads(Set<String> before) {
        Set<String> now = new TreeSet<>(threadNames());
        now.removeAll(before);
        return now;
    }

    /**
     * The session's pending timers: the tasks scheduled on its network event loops (read inside each loop; Netty
     * has no public count of them) and those on its timer thread.
     */
    private static int timers(Session session) {
        int n = session.pendingTimers();
        for (EventExecutor loop : session.eventLoops()) {
            n += loop.submit(() -> scheduledTasks(loop)).syncUninterruptibly().getNow();
        }
        return n;
    }

    /** The most of a few counts: a task that is running (the tick, an announce) is out of its queue meanwhile. */
    private static int baselineTimers(Session session) throws InterruptedException {
        int most = 0;
        for (int i = 0; i < 5; i++) {
            most = Math.max(most, timers(session));
            Thread.sleep(100);
        }
        return most;
    }

    private static int scheduledTasks(EventExecutor loop) {
        try {
            Field f = AbstractScheduledEventExecutor.class.getDeclaredField("scheduledTaskQueue");
            f.setAccessible(true);
            Collection<?> queue = (Collection<?>) f.get(loop);
            return queue == null ? 0 : queue.size();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot count the scheduled tasks of " + loop, e);
        }
    }

    /** Buffers the pooled allocator handed out and has not had back (thread caches count as handed out). */
    private static long activeBuffers() {
        PooledByteBufAllocatorMetric metric = PooledByteBufAllocator.DEFAULT.metric();
        long n = 0;
        for (PoolArenaMetric a : metric.directArenas()) {
            n += a.numActiveAllocations();
        }
        for (PoolArenaMetric a : metric.heapArenas()) {
            n += a.numActiveAllocations();
        }
        return n;
    }
}
