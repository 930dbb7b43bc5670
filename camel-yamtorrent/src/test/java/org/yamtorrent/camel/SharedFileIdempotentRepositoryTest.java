package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SharedFileIdempotentRepositoryTest {

    @TempDir
    Path tmp;

    private final List<SharedFileIdempotentRepository> started = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (SharedFileIdempotentRepository r : started) {
            r.stop();
        }
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private SharedFileIdempotentRepository start() {
        SharedFileIdempotentRepository r = new SharedFileIdempotentRepository(tmp.resolve("keys.txt"));
        r.start();
        started.add(r);
        return r;
    }

    @Test
    void addContainsConfirmRemoveClear() {
        SharedFileIdempotentRepository r = start();
        assertFalse(r.contains("a"));
        assertTrue(r.add("a"));
        assertFalse(r.add("a"));
        assertTrue(r.contains("a"));
        assertTrue(r.confirm("a"));
        assertFalse(r.add("a"));
        assertFalse(r.confirm("b"), "confirming an absent key adds nothing");
        assertFalse(r.contains("b"));
        assertTrue(r.remove("a"));
        assertFalse(r.remove("a"));
        assertTrue(r.add("a"));
        assertTrue(r.add("b"));
        r.clear();
        assertFalse(r.contains("a"));
        assertFalse(r.contains("b"));
        assertThrows(IllegalArgumentException.class, () -> r.add("tab\tkey"));
        assertThrows(IllegalArgumentException.class, () -> r.add("line\nkey"));
    }

    @Test
    void twoInstancesSeeEachOthersKeysAndSurviveARestart() {
        SharedFileIdempotentRepository a = start();
        SharedFileIdempotentRepository b = start();
        assertTrue(a.add("k1"));
        assertTrue(b.contains("k1"));
        assertFalse(b.add("k1"));
        assertTrue(b.add("k2"));
        assertTrue(b.confirm("k2"));
        assertTrue(a.remove("k2"));
        assertFalse(b.contains("k2"));
        a.confirm("k1");
        a.stop();
        b.stop();
        SharedFileIdempotentRepository c = start();
        assertTrue(c.contains("k1"), "a confirmed key survives every instance");
    }

    @Test
    void anUnconfirmedKeyOfAStoppedInstanceCountsAsAbsent() {
        SharedFileIdempotentRepository a = start();
        SharedFileIdempotentRepository b = start();
        assertTrue(a.add("running"));
        assertTrue(a.add("done"));
        assertTrue(a.confirm("done"));
        assertFalse(b.add("running"), "while its owner lives the key is taken");
        a.stop();
        assertFalse(b.contains("running"));
        assertTrue(b.contains("done"));
        assertTrue(b.add("running"));
    }

    @Test
    void instancesRacingOnTheSameKeysAddEachKeyOnce() throws Exception {
        SharedFileIdempotentRepository a = start();
        SharedFileIdempotentRepository b = start();
        int keys = 200;
        AtomicInteger wins = new AtomicInteger();
        Set<String> won = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SharedFileIdempotentRepository r = t % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < keys; k++) {
                        if (r.add("key-" + k)) {
                            wins.incrementAndGet();
                            assertTrue(won.add("key-" + k), "key-" + k + " added twice");
                            if (k % 3 == 0) {
                                r.confirm("key-" + k);
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(keys, wins.get());
        assertEquals(keys, Files.readAllLines(tmp.resolve("keys.txt")).size());
    }

    /** Two JVMs add the same keys at once: every key is won by exactly one of them. */
    @Test
    void twoProcessesRacingAddEachKeyOnce() throws Exception {
        int keys = 150;
        Process p1 = node("race", String.valueOf(keys));
        Process p2 = node("race", String.valueOf(keys));
        List<String> w1 = lines(p1);
        List<String> w2 = lines(p2);
        assertTrue(p1.waitFor(60, TimeUnit.SECONDS) && p2.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p1.exitValue());
        assertEquals(0, p2.exitValue());
        Set<String> all = new HashSet<>(w1);
        for (String k : w2) {
            assertTrue(all.add(k), k + " was added by both processes");
        }
        assertEquals(keys, all.size(), "every key added by one of them");
    }

    /** kill -9 of a process holding an unconfirmed key: the key becomes free, its confirmed key stays. */
    @Test
    void anUnconfirmedKeyOfAKilledProcessCountsAsAbsent() throws Exception {
        Process p = node("hold");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("holding", out.readLine());
        SharedFileIdempotentRepository r = start();
        assertFalse(r.add("held"), "the live process owns the key");
        assertTrue(r.contains("kept"));
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertFalse(r.contains("held"));
        assertTrue(r.contains("kept"));
        assertTrue(r.add("held"));
    }

    private Process node(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Node.class.getName(), tmp.resolve("keys.txt").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        return p;
    }

    private static List<String> lines(Process p) throws Exception {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    /** The other process: {@code race N} prints (and confirms) the keys it won; {@code hold} keeps one unconfirmed key. */
    public static final class Node {
        public static void main(String[] args) throws Exception {
            SharedFileIdempotentRepository r = new SharedFileIdempotentRepository(Path.of(args[0]));
            r.start();
            if (args[1].equals("race")) {
                for (int k = 0; k < Integer.parseInt(args[2]); k++) {
                    if (r.add("key-" + k)) {
                        System.out.println("key-" + k);
                        r.confirm("key-" + k); // else the key is free again once this process stops
                    }
                }
                r.stop();
            } else {
                r.add("kept");
                r.confirm("kept");
                r.add("held");
                System.out.println("holding");
                System.out.flush();
                Thread.sleep(120_000);
            }
        }
    }
}
