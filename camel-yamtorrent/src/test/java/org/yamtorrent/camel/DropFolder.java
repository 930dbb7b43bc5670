package org.yamtorrent.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** A drop folder as a user fills it, and the payload a route writes: for the examples' tests (the test-jar). */
public final class DropFolder {

    private DropFolder() {
    }

    /** Writes {@code torrent} as {@code folder/name} in one step (written aside, then moved), as a careful user would. */
    public static void drop(Path folder, String name, byte[] torrent) throws IOException {
        Files.createDirectories(folder);
        Path part = folder.resolve(name + ".part");
        Files.write(part, torrent);
        Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until {@code file} has {@code length} bytes or {@code timeout} passes; returns its bytes, or null. */
    public static byte[] awaitFile(Path file, long length, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.size(file) == length) {
                return Files.readAllBytes(file);
            }
            Thread.sleep(100);
        }
        return null;
    }
}
