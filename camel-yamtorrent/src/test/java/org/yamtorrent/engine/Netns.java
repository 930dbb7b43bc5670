package org.yamtorrent.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces joined by a veth pair on a private /24 (names {@code ytN...} and subnet 10.232.N.0/24,
 * N = 12 unless {@code -Dyamtorrent.netns=N}), for tests whose traffic must not touch the host's interfaces (LSD
 * multicast, clients that refuse loopback). Everything is removed on {@link #close()}.
 */
public final class Netns implements AutoCloseable {

    public final String a;
    public final String b;
    public final String vethA;
    public final String vethB;
    public final String addressA;
    public final String addressB;

    private Netns(String tag, int hostA, int hostB) {
        String name = "yt" + id(12) + tag;
        this.a = name + "a";
        this.b = name + "b";
        this.vethA = name + "va";
        this.vethB = name + "vb";
        this.addressA = "10.232." + id(12) + "." + hostA;
        this.addressB = "10.232." + id(12) + "." + hostB;
    }

    /** The number that names this build's namespaces and subnets: {@code -Dyamtorrent.netns}, else {@code dflt}. */
    static int id(int dflt) {
        String v = System.getProperty("yamtorrent.netns", "").trim();
        int n = v.isEmpty() ? dflt : Integer.parseInt(v);
        if (n < 1 || n > 99) {
            throw new IllegalArgumentException("yamtorrent.netns must be 1..99, not " + v);
        }
        return n;
    }

    /**
     * Creates the pair, or skips the test (with the reason shown) where {@code ip netns} is not permitted.
     *
     * @param tag   a letter that tells this test's namespaces from another's
     * @param hostA the last byte of the first namespace's address; {@code hostB} of the second's
     */
    public static Netns create(String tag, int hostA, int hostB) throws IOException, InterruptedException {
        Netns n = new Netns(tag, hostA, hostB);
        n.remove(); // left over from a killed run
        boolean ok = n.ip("netns", "add", n.a);
        Assumptions.assumeTrue(ok, "ip netns is not permitted here; skipping");
        try {
            n.must("netns", "add", n.b);
            n.must("link", "add", n.vethA, "type", "veth", "peer", "name", n.vethB);
            n.must("link", "set", n.vethA, "netns", n.a);
            n.must("link", "set", n.vethB, "netns", n.b);
            n.inside(n.a, "addr", "add", n.addressA + "/24", "dev", n.vethA);
            n.inside(n.b, "addr", "add", n.addressB + "/24", "dev", n.vethB);
            for (String[] ns : new String[][] {{n.a, n.vethA}, {n.b, n.vethB}}) {
                n.inside(ns[0], "link", "set", ns[1], "up");
                n.inside(ns[0], "link", "set", "lo", "up");
                n.inside(ns[0], "route", "add", "224.0.0.0/4", "dev", ns[1]);
            }
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** {@code command} prefixed to run inside namespace {@code ns}. */
    public static List<String> in(String ns, List<String> command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(command);
        return c;
    }

    private void inside(String ns, String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("-n", ns));
        c.addAll(List.of(args));
        must(c.toArray(String[]::new));
    }

    private void must(String... args) throws IOException, InterruptedException {
        if (!ip(args)) {
            throw new IOException("ip " + String.join(" ", args) + " failed");
        }
    }

    private boolean ip(String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes(); // ip's messages; only its exit code matters
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }

    private void remove() throws IOException, InterruptedException {
        ip("netns", "del", a); // deleting a namespace removes the veth end inside it, and so its peer
        ip("netns", "del", b);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        remove();
    }
}
