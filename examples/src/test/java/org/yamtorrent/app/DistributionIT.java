package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive as a user gets it: unpacked into a temporary directory, its {@code bin/yamtorrent} runs
 * the routes from another working directory (and makes the class-data archive for this location as it exits), then
 * the command line fetches a torrent with that archive in use.
 */
@Timeout(240)
class DistributionIT {

    @TempDir
    Path tmp;

    @Test
    void theUnpackedDistributionDownloadsThroughItsLauncher() throws Exception {
        Path home = unpack();
        Path launcher = home.resolve("bin/yamtorrent");
        for (String part : List.of("lib/yamtorrent-examples-" + version() + ".jar", "conf/application.properties",
                "conf/log4j2.properties", "routes/download.yaml", "README.md")) {
            assertTrue(Files.isRegularFile(home.resolve(part)), part);
        }
        assertTrue(Files.isExecutable(launcher));
        try (Origin origin = new Origin(tmp.resolve("origin"))) {
            byte[] data = origin.payload("dist.bin", 2 * 1024 * 1024 + 3, 21);
            byte[] torrent = origin.torrent("dist.bin", 128 * 1024);
            origin.seed(torrent);

            // the routes, started from a directory of their own: drop -> downloads, through the installed route file
            Path route = home.resolve("routes/download.yaml");
            Files.writeString(route, Files.readString(route).replace("message: \"verified", "message: \"installed route: verified"));
            Path work = tmp.resolve("work-here");
            Map<String, String> env = Map.of("JAVA_OPTS", "-Dcamel.component.torrent.listen-port=0 "
                    + "-Dcamel.component.torrent.listen-address=127.0.0.1 -Dcamel.component.torrent.dht=false "
                    + "-Dcamel.component.torrent.lsd=false -Dcamel.component.torrent.min-announce-interval=1000");
            try (AppProcess app = AppProcess.exec(work, List.of(launcher.toString()), env)) {
                app.await("the drop folder", 90, () -> Files.isDirectory(work.resolve("drop")));
                Files.write(work.resolve("dist.torrent.tmp"), torrent);
                Files.move(work.resolve("dist.torrent.tmp"), work.resolve("drop/dist.torrent"));
                app.await("the download", 120, () -> Files.exists(work.resolve("drop/.done/dist.torrent")));
                assertArrayEquals(data, Files.readAllBytes(work.resolve("downloads/dist.bin")));
                assertTrue(app.log().contains("Started download (torrent://download)"), app::log);
                assertTrue(app.log().contains("installed route: verified dist.bin"),
                        () -> "the distribution's own route file runs: " + app.log());
                // the class-data archive is written as the JVM exits: seconds on a busy machine
                assertEquals(143, app.stop(120), app::log);
            }
            assertTrue(Files.size(home.resolve("lib/yamtorrent.jsa")) > 0, "the first start here made the archive");

            // the command line through the same launcher, now with the archive
            Path cli = tmp.resolve("cli");
            Files.createDirectories(cli);
            Files.write(cli.resolve("dist.torrent"), torrent);
            try (AppProcess download = AppProcess.exec(cli, List.of(launcher.toString(), "download", "dist.torrent",
                    "--dir", "into", "--port", "0", "--listen", "127.0.0.1", "--min-announce-interval", "1"), Map.of())) {
                assertEquals(0, download.exitCode(120), download::log);
                assertArrayEquals(data, Files.readAllBytes(cli.resolve("into/dist.bin")));
                assertTrue(download.log().contains("downloaded dist.bin: " + data.length + " bytes"), download::log);
                assertFalse(download.log().contains("cds"), () -> "no class-data warnings: " + download.log());
            }

            // on a terminal: one progress line, redrawn in place
            String pane = inTmux(cli, launcher + " download dist.torrent --dir tty --port 0 --listen 127.0.0.1");
            assertTrue(pane.contains("EXIT=0"), pane);
            List<String> progress = pane.lines().filter(l -> l.matches("dist\\.bin +\\d+\\.\\d% .* peers  ETA .*")).toList();
            assertEquals(1, progress.size(), () -> "one line, redrawn in place:\n" + pane);
            assertTrue(progress.get(0).contains("100.0%"), pane);
            assertArrayEquals(data, Files.readAllBytes(cli.resolve("tty/dist.bin")));
        }
    }

    /** Runs {@code command} in a detached tmux session of its own; returns the screen once the command has exited. */
    private static String inTmux(Path dir, String command) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed: terminal check skipped");
        String socket = "yt15-" + ProcessHandle.current().pid();
        run("tmux", "-L", socket, "new-session", "-d", "-x", "160", "-y", "20", "-c", dir.toString(),
                command + "; echo EXIT=$?; sleep 120");
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String pane = "";
            while (!pane.contains("EXIT=") && System.nanoTime() < end) {
                Thread.sleep(200);
                pane = run("tmux", "-L", socket, "capture-pane", "-p");
            }
            return pane;
        } finally {
            run("tmux", "-L", socket, "kill-server");
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return out;
    }

    private Path unpack() throws Exception {
        Path archive = Path.of(System.getProperty("yamtorrent.dist"));
        Path into = Files.createDirectories(tmp.resolve("installed"));
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", into.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        return into.resolve("yamtorrent-" + version());
    }

    private static String version() {
        String name = Path.of(System.getProperty("yamtorrent.dist")).getFileName().toString();
        return name.substring("yamtorrent-".length(), name.length() - ".tar.gz".length());
    }
}
