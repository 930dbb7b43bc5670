package org.yamtorrent.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes the demo's sample payload: reproducible pseudo-random bytes, so nothing is fetched from outside. */
public final class SamplePayload {

    /**
     * Writes {@code megabytes} MiB to {@code file} (parents created) unless a file of that size is there already.
     *
     * @return the file's path, the body for {@code torrent:create}
     */
    public Path write(String file, int megabytes) throws IOException {
        Path path = Path.of(file).toAbsolutePath();
        long size = (long) megabytes << 20;
        if (Files.isRegularFile(path) && Files.size(path) == size) {
            return path;
        }
        Files.createDirectories(path.getParent());
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(path)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return path;
    }
}
