package org.yamtorrent.engine;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assumptions;

/**
 * A Debian program a test runs (aria2c, transmission-*, opentracker): started with its output in a log file,
 * stopped by its PID (and its children's) on {@link #close()}. Also the bits every such test needs: skipping when
 * the program is missing, free loopback ports, and the options that keep the BitTorrent clients on 127.0.0.1 and
 * away from DHT, LPD, PEX and the user's own configuration.
 */
public final class ExternalProgram implements AutoCloseable {

    public static final String ARIA2C = "/usr/bin/aria2c";
    public static final String TRANSMISSION_CLI = "/usr/bin/transmission-cli";
    public static final String TRANSMISSION_DAEMON = "/usr/bin/transmission-daemon";
    public static final String TRANSMISSION_REMOTE = "/usr/bin/transmission-remote";
    public static final String OPENTRACKER = "/usr/bin/opentracker";

    private final String name;
    private final Process process;
    private final Path log;

    private ExternalProgram(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Skips the test, with the reason shown, unless every program is installed. */
    public static void assumeInstalled(String... programs) {
        for (String p : programs) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(p)), p + " is not installed; skipping");
        }
    }

    /**
     * Starts {@code command} with stdout and stderr in {@code log}. {@code HOME} and {@code XDG_CONFIG_HOME} point
     * to the log's directory, so no program reads or writes the user's configuration.
     */
    public static ExternalProgram start(Path log, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", log.toAbsolutePath().getParent().toString());
        env.put("XDG_CONFIG_HOME", log.toAbsolutePath().getParent().toString());
        return new ExternalProgram(Path.of(command.get(0)).getFileName().toString(), pb.start(), log);
    }

    /**
     * Runs a short command (such as transmission-remote) to its end and returns its output.
     *
     * @throws AssertionError when it does not exit with 0 in time
     */
    public static String run(Path log, Duration timeout, List<String> command) throws IOException, InterruptedException {
        try (ExternalProgram p = start(log, command)) {
            if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(p.name + " did not finish in " + timeout + ": " + p.log());
            }
            if (p.process.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + p.process.exitValue() + ": " + p.log());
            }
            return p.log();
        }
    }

    /**
     * aria2c for a torrent with options that keep it on 127.0.0.1, off DHT, LPD and PEX, and quiet; the caller adds
     * what makes it a seeder or a leecher.
     */
    public static List<String> aria2c(Path torrent, Path dir, int listenPort, String... options) {
        return aria2c(torrent.toString(), dir, listenPort, options);
    }

    /** The same for a .torrent path or a magnet link. */
    public static List<String> aria2c(String torrent, Path dir, int listenPort, String... options) {
        List<String> c = new ArrayList<>(List.of(ARIA2C, "--no-conf=true", "--dir=" + dir, "--listen-port=" + listenPort,
                "--interface=127.0.0.1", "--disable-ipv6=true", "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--summary-interval=0",
                "--console-log-level=notice"));
        c.addAll(List.of(options));
        c.add(torrent);
        return c;
    }

    /**
     * Writes a transmission settings.json into {@code configDir} that binds peers to 127.0.0.1 on
     * {@code peerPort} and turns off DHT, LPD, PEX, uTP and port forwarding.
     */
    public static void transmissionSettings(Path configDir, int peerPort) throws IOException {
        transmissionSettings(configDir, peerPort, "127.0.0.1");
    }

    /** As {@link #transmissionSettings(Path, int)}, listening for peers on {@code address}. */
    public static void transmissionSettings(Path configDir, int peerPort, String address) throws IOException {
        Files.createDirectories(configDir);
        Files.writeString(configDir.resolve("settings.json"), """
                {
                  "bind-address-ipv4": "%s",
                  "bind-address-ipv6": "::1",
                  "dht-enabled": false,
                  "lpd-enabled": false,
                  "pex-enabled": false,
                  "utp-enabled": false,
                  "port-forwarding-enabled": false,
                  "peer-port": %d
                }
                """.formatted(address, peerPort), StandardCharsets.UTF_8);
    }

    /** A TCP port on 127.0.0.1 that nobody listens on (bound, then released). */
    public static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A port free on 127.0.0.1 for both TCP and UDP, for programs such as opentracker that serve both on one. */
    public static int freeTcpAndUdpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (java.net.BindException taken) {
                // the UDP side is in use; try another
            }
        }
        throw new AssertionError("no port free for both TCP and UDP");
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; the program must have exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** What the program printed so far. */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** Sends a signal such as {@code HUP} to the program by its PID. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new AssertionError("cannot send SIG" + signal + " to " + name + " (" + pid() + ")");
        }
    }

    /**
     * Polls {@code condition} until it holds; fails with the log when the program exits first or time runs out.
     */
    public void await(BooleanSupplier condition, Duration timeout, String what) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what + ": " + log());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; " + name + " log: "
                        + log());
            }
            Thread.sleep(100);
        }
    }

    /** Kills the program and its children by PID and waits for them to be gone. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(20, TimeUnit.SECONDS);
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // gone or stuck; nothing more to do by PID
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
