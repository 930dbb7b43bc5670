package org.yamtorrent.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's PostgreSQL 15 for a test: {@code initdb} in a fresh directory, the server on 127.0.0.1 and a free port,
 * with trust authentication for the user {@value #USER}. PostgreSQL refuses to run as root, so as root it runs as
 * the {@code postgres} user. Stopped (fast shutdown) by the PID in its {@code postmaster.pid}; the directory is
 * removed on {@link #close()}.
 */
final class Postgres implements AutoCloseable {

    static final String USER = "yamtorrent";
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    final int port;
    private final Path dir;
    private final boolean root;

    private Postgres(Path dir, int port, boolean root) {
        this.dir = dir;
        this.port = port;
        this.root = root;
    }

    /** Creates and starts a database cluster; skips the test, with the reason shown, if PostgreSQL is missing. */
    static Postgres start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("initdb")), BIN + "/initdb is not installed; skipping");
        boolean root = "root".equals(System.getProperty("user.name"));
        // not below a JUnit @TempDir: that is private to root, and the server may run as another user
        Path dir = Files.createTempDirectory("yamtorrent-pg");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        Postgres pg = new Postgres(dir, freePort(), root);
        pg.run(true, List.of(BIN.resolve("initdb").toString(), "-D", pg.data().toString(), "-U", USER, "-A", "trust",
                "-N", "-E", "UTF8", "--locale=C"));
        pg.startServer();
        return pg;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private Path data() {
        return dir.resolve("data");
    }

    /** Starts the server on the cluster and port it had (after {@link #stop()}), waiting until it accepts clients. */
    void startServer() throws Exception {
        run(true, List.of(BIN.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"));
        try (Connection c = connect()) {
            c.isValid(5);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** A fast shutdown (SIGINT to the postmaster, by its PID): clients are disconnected, the data stays. */
    void stop() throws Exception {
        Path pidFile = data().resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        run(List.of("kill", "-INT", Long.toString(pid)));
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(60, TimeUnit.SECONDS).join());
    }

    String log() throws IOException {
        Path log = dir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            run(List.of("rm", "-rf", dir.toString()));
        }
    }

    private void run(boolean asServerUser, List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asServerUser && root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        run(cmd);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 90 s: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + p.exitValue() + ": " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
