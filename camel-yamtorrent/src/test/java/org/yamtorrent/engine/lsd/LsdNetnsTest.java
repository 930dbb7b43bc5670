package org.yamtorrent.engine.lsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.Netns;

/**
 * Two JVMs in two network namespaces joined by a veth pair: each announces on 239.192.152.143:6771 through its
 * interface and hears the other at its own address and port, never itself and never a private torrent.
 */
class LsdNetnsTest {

    private static final String INFO_HASH = "0123456789abcdef0123456789abcdef01234567";

    @Test
    @Timeout(90)
    void twoNamespacesHearEachOther(@TempDir Path tmp) throws Exception {
        try (Netns ns = Netns.create("l", 21, 22);
             ExternalProgram a = probe(tmp.resolve("a.log"), ns.a, ns.vethA, 7001);
             ExternalProgram b = probe(tmp.resolve("b.log"), ns.b, ns.vethB, 7002)) {
            for (ExternalProgram p : List.of(a, b)) {
                p.await(() -> !p.isAlive(), Duration.ofSeconds(60), "the probe to finish");
            }
            String logA = a.log();
            String logB = b.log();
            assertEquals(0, a.exitValue(), logA);
            assertEquals(0, b.exitValue(), logB);
            assertTrue(logA.contains("HEARD " + ns.addressB + ":7002 " + INFO_HASH), logA);
            assertTrue(logB.contains("HEARD " + ns.addressA + ":7001 " + INFO_HASH), logB);
            assertFalse(logA.contains(":7001"), "heard itself: " + logA);
            assertFalse(logA.contains("00000000000000000000000000000000000000ff"), "a private torrent: " + logA);
        }
    }

    private static ExternalProgram probe(Path log, String ns, String iface, int port) throws Exception {
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a quick start: no optimising JIT, and no search for a MAC address in an empty namespace
        return ExternalProgram.start(log, Netns.in(ns, List.of(java, "-XX:TieredStopAtLevel=1",
                "-Dio.netty.machineId=02:00:00:00:00:01", "-cp", System.getProperty("java.class.path"),
                LsdProbe.class.getName(), iface, Integer.toString(port), INFO_HASH, "30")));
    }
}
