package org.yamtorrent.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Hosts of their own for a test, any number of them on one bridge (beside {@link Netns}, which joins two namespaces
 * directly): each {@link Host} is a network namespace {@value #PREFIX}-NAME with one veth link
 * {@code eth0} on the private network {@value #SUBNET}.0/24, all joined by the bridge {@value #BRIDGE} in the root
 * namespace, which holds {@value #SUBNET}.1 so that code in the test JVM reaches every host (and they reach it).
 * Traffic stays on those links. {@link #close()} removes the namespaces and the bridge; {@link #open()} first removes
 * what a killed run left behind. A test is skipped, with the reason shown, where {@code ip netns} is not permitted.
 */
public final class NetnsHosts implements AutoCloseable {

    /** {@code -Dyamtorrent.netns=N} (1..99) moves the names and the subnet, so parallel builds on one machine never meet. */
    private static final int ID = Netns.id(17);
    public static final String PREFIX = "yt" + ID;
    public static final String SUBNET = "10.231." + ID;
    public static final String ROOT_ADDRESS = SUBNET + ".1";
    private static final String BRIDGE = PREFIX + "br0";

    private final List<Host> hosts = new ArrayList<>();

    private NetnsHosts() {
    }

    /** Creates the bridge, or skips the test if this machine does not let us. */
    public static NetnsHosts open() throws Exception {
        String stale = removeStale();
        String why = stale != null ? stale : tryRun("ip", "link", "add", BRIDGE, "type", "bridge");
        Assumptions.assumeTrue(why == null, () -> "ip netns and bridges are not permitted here, skipping: " + why);
        NetnsHosts lab = new NetnsHosts();
        try {
            run("ip", "addr", "add", ROOT_ADDRESS + "/24", "dev", BRIDGE);
            run("ip", "link", "set", BRIDGE, "up");
        } catch (Exception e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** A new host at {@value #SUBNET}.{@code 10 + n}, where n counts the hosts made so far from 1. */
    public Host host(String name) throws Exception {
        int n = hosts.size() + 1;
        Host h = new Host(PREFIX + "-" + name, PREFIX + "v" + n, SUBNET + "." + (10 + n));
        hosts.add(h);
        run("ip", "netns", "add", h.namespace);
        run("ip", "link", "add", h.veth, "type", "veth", "peer", "name", "eth0", "netns", h.namespace);
        run("ip", "link", "set", h.veth, "master", BRIDGE, "up");
        h.ip("addr", "add", h.address + "/24", "dev", "eth0");
        h.ip("link", "set", "eth0", "up");
        h.ip("link", "set", "lo", "up");
        return h;
    }

    /** One namespace with its address. */
    public static final class Host {
        public final String namespace;
        public final String address;
        private final String veth;

        private Host(String namespace, String veth, String address) {
            this.namespace = namespace;
            this.veth = veth;
            this.address = address;
        }

        /** {@code command} run inside this host's namespace (prefix for a ProcessBuilder). */
        public List<String> command(List<String> command) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            cmd.addAll(command);
            return cmd;
        }

        /** Takes the host's link down: its connections stall, nothing reaches it. */
        public void linkDown() throws Exception {
            ip("link", "set", "eth0", "down");
        }

        public void linkUp() throws Exception {
            ip("link", "set", "eth0", "up");
        }

        /** Shapes what reaches this host to {@code kbitPerSecond} (a token bucket on the bridge's end of its link). */
        public void limitInbound(int kbitPerSecond) throws Exception {
            run("tc", "qdisc", "add", "dev", veth, "root", "tbf", "rate", kbitPerSecond + "kbit", "burst", "32kb",
                    "latency", "400ms");
        }

        private void ip(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("ip", "-n", namespace));
            cmd.addAll(List.of(args));
            run(cmd.toArray(String[]::new));
        }
    }

    @Override
    public void close() throws Exception {
        for (Host h : hosts) {
            tryRun("ip", "netns", "del", h.namespace); // takes its veth pair with it
        }
        tryRun("ip", "link", "del", BRIDGE);
    }

    /** Deletes every {@value #PREFIX}* namespace and link a killed run left; returns why ip failed, or null. */
    private static String removeStale() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return out;
        }
        for (String line : out.split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(PREFIX + "-")) {
                tryRun("ip", "netns", "del", ns);
            }
        }
        if (tryRun("ip", "link", "show", BRIDGE) == null) {
            tryRun("ip", "link", "del", BRIDGE);
        }
        return null;
    }

    private static void run(String... command) throws Exception {
        String why = tryRun(command);
        if (why != null) {
            throw new IllegalStateException(String.join(" ", command) + ": " + why);
        }
    }

    /** Runs a short command; null if it exits with 0, otherwise its output. */
    private static String tryRun(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out.strip();
    }
}
