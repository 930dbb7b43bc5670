package org.yamtorrent.quarkus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.yamtorrent.camel.DropFolder;
import org.yamtorrent.camel.TestSeeder;
import org.yamtorrent.camel.TorrentComponent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Quarkus app (JVM mode) as it is built, with its folders in target/: a .torrent dropped into its drop folder is
 * downloaded by {@link DownloadRoute} from a seeder in this JVM, found through a tracker, and the verified file
 * lands in the output folder. The component comes from the plain camel-yamtorrent jar, configured from Quarkus
 * configuration ({@code camel.component.torrent.*}).
 */
@QuarkusTest
@TestProfile(DownloadRouteTest.Folders.class)
class DownloadRouteTest {

    static final Path DIR = Path.of("target", "quarkus-test").toAbsolutePath();

    /** The app's folders, emptied, under target/, and a free peer port on loopback. */
    public static class Folders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // before the app starts: nothing of an earlier run may stand in for this run's download
            org.apache.camel.util.FileUtil.removeDir(DIR.toFile());
            return Map.of("yamtorrent.drop", DIR.resolve("drop").toString(),
                    "yamtorrent.work", DIR.resolve("work").toString(),
                    "yamtorrent.out", DIR.resolve("downloads").toString(),
                    "camel.component.torrent.listen-port", "0",
                    "camel.component.torrent.listen-address", "127.0.0.1",
                    "camel.component.torrent.dht", "false");
        }
    }

    static TestSeeder seeder;

    @Inject
    CamelContext camel;

    @AfterAll
    static void stopSeeder() throws Exception {
        if (seeder != null) {
            seeder.close();
        }
    }

    @Test
    void downloadsADroppedTorrent() throws Exception {
        TorrentComponent component = camel.getComponent("torrent", TorrentComponent.class);
        assertEquals("127.0.0.1", component.getListenAddress(), "camel.component.torrent.* reached the component");

        byte[] data = new byte[3 * 1024 * 1024 + 321];
        new Random(33).nextBytes(data);
        Path source = TestSeeder.writePayload(DIR.resolve("origin"), "quarkus.bin", Map.of("", data));
        seeder = TestSeeder.withTracker();
        DropFolder.drop(DIR.resolve("drop"), "quarkus.torrent", seeder.seed(source, 64 * 1024));

        Path out = DIR.resolve("downloads").resolve("quarkus.bin");
        assertArrayEquals(data, DropFolder.awaitFile(out, data.length, Duration.ofSeconds(90)), "the payload reached " + out);
    }
}
