package org.yamtorrent.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application jar ({@code -Dyamtorrent.app.jar}) run as its own process in a working directory, with its drop,
 * work and out folders there, its engine on 127.0.0.1 and a free port, and its output in {@code app.log}.
 * {@link #close()} stops it by its PID.
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private AppProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /**
     * Starts the app with the route file {@code routeFile} from the repository's routes/ folder
     * ({@code -Dyamtorrent.routes}) and {@code properties} as extra {@code -Dkey=value} arguments.
     */
    static AppProcess start(Path dir, String routeFile, String... properties) throws IOException {
        String routes = Path.of(System.getProperty("yamtorrent.routes")).toAbsolutePath().toString().replace('\\', '/');
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dyamtorrent.drop=" + dir.resolve("drop"),
                "-Dyamtorrent.work=" + dir.resolve("work"),
                "-Dyamtorrent.out=" + dir.resolve("out"),
                "-Dcamel.component.torrent.listen-port=0",
                "-Dcamel.component.torrent.listen-address=127.0.0.1",
                "-Dcamel.component.torrent.min-announce-interval=1000",
                "-Dcamel.main.routes-include-pattern=file:" + routes + "/" + routeFile));
        for (String p : properties) {
            cmd.add("-D" + p);
        }
        cmd.addAll(List.of("-jar", System.getProperty("yamtorrent.app.jar")));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("app.log").toFile())).start();
        return new AppProcess(p, dir);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the app has logged so far in this directory (all its runs). */
    String log() {
        try {
            return Files.readString(dir.resolve("app.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** kill -9: no shutdown hook runs, so no resume record is saved. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** A polite TERM first (so it saves resume data), then KILL. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
