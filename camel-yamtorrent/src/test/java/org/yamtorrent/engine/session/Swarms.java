package org.yamtorrent.engine.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;

/** Test helpers for in-JVM swarms: sessions on 127.0.0.1 with ephemeral ports and fast timers. */
final class Swarms {

    private Swarms() {
    }

    static SessionConfig config(Path resume) {
        return new SessionConfig()
                .listenPort(0)
                .resumeDirectory(resume)
                .minAnnounceInterval(Duration.ofSeconds(1))
                .chokeInterval(Duration.ofSeconds(2))
                .snubTimeout(Duration.ofSeconds(5));
    }

    /** Writes {@code files} (paths below the torrent name) as the torrent lays them out under {@code dir}. */
    static void writePayload(Metainfo m, Map<String, byte[]> files, Path dir) throws IOException {
        int i = 0;
        for (byte[] data : files.values()) {
            FileEntry f = m.files().get(i++);
            if (f.isPadding()) {
                continue;
            }
            Path p = dir.resolve(f.relativePath());
            Files.createDirectories(p.getParent());
            Files.write(p, data);
        }
    }
}
