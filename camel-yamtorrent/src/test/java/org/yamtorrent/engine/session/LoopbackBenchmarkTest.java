package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.EmbeddedTracker;
import org.yamtorrent.engine.wire.Encryption;

/**
 * A measurement, not a test: a 1 GiB single-file torrent (1 MiB pieces) seeded by aria2c on 127.0.0.1, downloaded
 * by our engine and then by aria2c itself, each timed, for {@code -Dyamtorrent.bench.rounds} rounds (2). Runs only
 * with {@code -Dyamtorrent.bench=true}; the numbers go to the log (no timing is asserted). Each download also
 * reports its client's CPU time: ours is the whole JVM's, so the first rounds include the JIT compiler's.
 * Our session has the default {@code encryption=prefer}: against this seeder (which accepts plaintext) it makes
 * the MSE exchange and aria2c selects plaintext. With {@code -Dyamtorrent.bench.rc4=true} the seeder and the
 * aria2c leecher require RC4 ({@code --bt-require-crypto=true}), so both downloads are encrypted;
 * {@code -Dyamtorrent.bench.encryption=disable} makes ours skip MSE (plaintext from the first byte), the baseline
 * that {@code prefer} against a plaintext-selecting peer must not fall behind.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class LoopbackBenchmarkTest {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackBenchmarkTest.class);
    private static final long SIZE = 1L << 30;
    private static final List<String> RC4 = Boolean.getBoolean("yamtorrent.bench.rc4")
            ? List.of("--bt-require-crypto=true", "--bt-min-crypto-level=arc4") : List.of();

    @TempDir
    Path tmp;

    @Test
    void oneGibFromAnAria2Seeder() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("yamtorrent.bench"), "a measurement; run with -Dyamtorrent.bench=true");
        ExternalProgram.assumeInstalled(ExternalProgram.ARIA2C);
        Path seed = tmp.resolve("seed");
        Swarms.writeRandomFile(seed.resolve("big.bin"), SIZE, 41);
        try (EmbeddedTracker tracker = EmbeddedTracker.start()) {
            Path torrent = tmp.resolve("big.torrent");
            Metainfo m = Swarms.createTorrent(seed.resolve("big.bin"), tracker.announceUrl().toString(), 1 << 20, torrent);
            int seedPort = ExternalProgram.freeTcpPort();
            try (ExternalProgram seeder = ExternalProgram.start(tmp.resolve("seeder.log"), ExternalProgram.aria2c(
                    torrent, seed, seedPort, withRc4("--check-integrity=true", "--bt-seed-unverified=false",
                    "--seed-ratio=0.0", "--bt-max-peers=10")))) {
                seeder.await(() -> ExternalProgram.listening(seedPort), Duration.ofMinutes(2), "the aria2c seeder");
                for (int round = 0; round < Integer.getInteger("yamtorrent.bench.rounds", 2); round++) {
                    Run ours = ours(m, seed, seeder, seedPort);
                    Run aria2 = aria2(torrent, m, seed, seeder);
                    LOG.info("round {}: 1 GiB over loopback from an aria2c seeder{}: yamtorrent {}; aria2c {}", round,
                            RC4.isEmpty() ? "" : " requiring RC4", ours, aria2);
                }
            }
        }
    }

    /** Wall seconds of a download and the CPU seconds its client spent meanwhile. */
    private record Run(double seconds, double cpuSeconds) {
        @Override
        public String toString() {
            return String.format("%.2f s (%.0f MiB/s, %.1f s CPU)", seconds, SIZE / (double) (1 << 20) / seconds,
                    cpuSeconds);
        }
    }

    /** Downloads with our engine (the seeder given as a static peer), from adding the torrent to its completion. */
    private Run ours(Metainfo m, Path seed, ExternalProgram seeder, int seedPort) throws Exception {
        Path dir = tmp.resolve("ours");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Encryption policy = Encryption.valueOf(System.getProperty("yamtorrent.bench.encryption", "prefer")
                .toUpperCase(Locale.ROOT));
        try (Session session = Session.open(Swarms.config(null).encryption(policy))) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            TorrentHandle t = session.add(m, dir, new TorrentOptions().useTrackers(false)
                    .addStaticPeer(Swarms.local(seedPort)));
            Swarms.awaitAnnouncing(t, t.completion()::isDone, Duration.ofMinutes(8), "our download", seeder);
            Run run = new Run((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
            t.completion().get();
            Swarms.assertSamePayload(m, seed, dir, true);
            return run;
        } finally {
            delete(dir);
        }
    }

    /** Downloads with aria2c (through the tracker), from its start to its exit; CPU as last seen before it exited. */
    private Run aria2(Path torrent, Metainfo m, Path seed, ExternalProgram seeder) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("aria2"));
        try {
            long start = System.nanoTime();
            try (ExternalProgram leecher = ExternalProgram.start(tmp.resolve("leecher.log"), ExternalProgram.aria2c(
                    torrent, dir, ExternalProgram.freeTcpPort(), withRc4("--seed-time=0", "--bt-max-peers=10",
                    "--file-allocation=falloc")))) {
                ProcessHandle handle = ProcessHandle.of(leecher.pid()).orElseThrow();
                Duration[] cpu = {Duration.ZERO};
                seeder.await(() -> {
                    handle.info().totalCpuDuration().ifPresent(d -> cpu[0] = d);
                    return !leecher.isAlive();
                }, Duration.ofMinutes(8), "aria2c's download");
                Run run = new Run((System.nanoTime() - start) / 1e9, cpu[0].toNanos() / 1e9);
                assertEquals(0, leecher.exitValue(), leecher.log());
                Swarms.assertSamePayload(m, seed, dir, true);
                return run;
            }
        } finally {
            delete(dir);
        }
    }

    private static String[] withRc4(String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(RC4);
        return all.toArray(String[]::new);
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
