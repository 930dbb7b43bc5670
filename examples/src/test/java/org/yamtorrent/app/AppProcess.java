package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.yamtorrent.engine.NetnsHosts;

/**
 * The application jar as a separate process with its own folders under {@code dir} (drop, work, out) and its log in
 * {@code dir/app.log}, loading the route files {@code routes} (patterns below the repository's routes/ folder, or
 * absolute paths, comma-separated).
 */
final class AppProcess implements AutoCloseable {

    final Path dir;
    private final Process process;

    private AppProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts the app with {@code properties} given as {@code key=value} strings. */
    static AppProcess start(Path dir, String routes, String... properties) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            map.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return start(dir, routes, map);
    }

    /** Starts the app with {@code properties} as extra {@code -Dkey=value} arguments. */
    static AppProcess start(Path dir, String routes, Map<String, String> properties) throws IOException {
        return start(dir, routes, properties, null);
    }

    /** As {@link #start(Path, String, Map)}, inside {@code host}'s network namespace on its address (null: here). */
    static AppProcess start(Path dir, String routes, Map<String, String> properties, NetnsHosts.Host host) throws IOException {
        String routesDir = Path.of(System.getProperty("yamtorrent.routes")).toAbsolutePath().toString().replace('\\', '/');
        // several route files, comma-separated; an absolute path is a file of the test's own
        String pattern = Arrays.stream(routes.split(",")).map(r -> "file:" + (Path.of(r).isAbsolute() ? r : routesDir + "/" + r))
                .collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of(
                "-Dyamtorrent.drop=" + dir.resolve("drop"),
                "-Dyamtorrent.work=" + dir.resolve("work"),
                "-Dyamtorrent.out=" + dir.resolve("out"),
                "-Dyamtorrent.progress-interval=0",
                "-Dcamel.component.torrent.min-announce-interval=1000",
                "-Dcamel.main.routes-include-pattern=" + pattern));
        if (host != null) {
            args.add("-Dcamel.component.torrent.listen-address=" + host.address);
        }
        properties.forEach((k, v) -> args.add("-D" + k + "=" + v));
        return launch(dir, args, host);
    }

    /**
     * Starts the app in {@code dir} with nothing but {@code jvmArgs} (and a free port on loopback), so it runs on
     * its own defaults.
     */
    static AppProcess launch(Path dir, List<String> jvmArgs) throws IOException {
        return launch(dir, jvmArgs, null);
    }

    private static AppProcess launch(Path dir, List<String> jvmArgs, NetnsHosts.Host host) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dcamel.component.torrent.listen-port=0",
                "-Dcamel.component.torrent.listen-address=127.0.0.1",
                // a test that wants the DHT or local discovery passes dht=true or lsd=true after these
                "-Dcamel.component.torrent.dht=false", "-Dcamel.component.torrent.lsd=false"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", System.getProperty("yamtorrent.app.jar")));
        // ip netns exec executes the command in place: the PID stays the JVM's
        return exec(dir, host == null ? cmd : host.command(cmd), Map.of());
    }

    /** Runs {@code command} in {@code dir} with {@code env} added to the environment, its output in app.log. */
    static AppProcess exec(Path dir, List<String> command, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("app.log").toFile()));
        b.environment().putAll(env);
        return new AppProcess(dir, b.start());
    }

    /** A polite TERM by PID, then waits at most {@code seconds}; the exit code, or -1 if it still runs. */
    int stop(long seconds) throws InterruptedException {
        process.toHandle().destroy();
        return exitCode(seconds);
    }

    /** Waits at most {@code seconds} for the app to exit; its exit code, or -1 if it still runs. */
    int exitCode(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** A number from the process's /proc status, such as VmRSS (in KiB) or Threads. */
    long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + process.pid() + "/status");
    }

    /**
     * The process's CPU time so far (user and system, in clock ticks of 10 ms) and the bytes it has written with
     * write calls, to sockets and files alike ({@code wchar} in /proc/PID/io).
     */
    long[] cpuAndWritten() throws IOException {
        String pid = Long.toString(process.pid());
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        for (String line : Files.readAllLines(Path.of("/proc", pid, "io"))) {
            if (line.startsWith("wchar:")) {
                return new long[] {cpu, Long.parseLong(line.substring(6).trim())};
            }
        }
        throw new IllegalStateException("no wchar in /proc/" + pid + "/io");
    }

    /** How many file descriptors the process holds. */
    long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        }
    }

    /** How many of the process's file descriptors are open on files below {@code dir}. */
    long openFilesBelow(Path dir) throws IOException {
        Path real = dir.toRealPath();
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path out(String name) {
        return dir.resolve("out").resolve(name);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("app.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** How many lines of the log contain {@code text}. */
    long count(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** Waits until {@code condition} holds, failing with this app's log if it exits or the time runs out first. */
    void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(process.isAlive(), () -> dir + ": the app exited while waiting for " + what + ":\n" + log());
            assertTrue(System.nanoTime() < end, () -> dir + ": no " + what + " within " + seconds + " s:\n" + log());
            Thread.sleep(100);
        }
    }

    /** kill -9 by PID: no shutdown hook runs, nothing is committed or saved. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** A polite TERM by PID first (so it saves resume data), then KILL. */
    @Override
    public void close() throws InterruptedException {
        if (stop(20) == -1) {
            kill();
        }
    }
}
