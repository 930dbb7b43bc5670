package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.storage.StorageException;

/**
 * A download into a full file system (a 4 MiB tmpfs, mounted as root) fails with a clear error: the exchange's
 * error handler sees a StorageException naming a file of the torrent, the .torrent moves to .failed with the reason,
 * and no file is handed on; for a single file and for a multi-file torrent that fills the disk part way through.
 */
@Timeout(120)
class DiskFullTest extends TorrentTestSupport {

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void aFullDiskFailsTheTorrentAndHandsNothingOn() throws Exception {
        fillTheDisk(Map.of("", TestTorrents.randomBytes(12 * 1024 * 1024, 31)), "big.bin");
    }

    @Test
    void aMultiFileTorrentFillingTheDiskFailsAndHandsNothingOn() throws Exception {
        fillTheDisk(Map.of("a.bin", TestTorrents.randomBytes(1024 * 1024, 32),
                "videos/b.bin", TestTorrents.randomBytes(6 * 1024 * 1024, 33),
                "c.bin", TestTorrents.randomBytes(3 * 1024 * 1024, 34)), "a.bin", "b.bin", "c.bin");
    }

    /** Downloads {@code files} as the torrent "big" into the small disk; the error must name one of {@code names}. */
    private void fillTheDisk(Map<String, byte[]> files, String... names) throws Exception {
        mount = Files.createDirectories(tmp.resolve("small"));
        int rc = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        if (rc != 0) {
            mount = null;
        }
        Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root and mount rights); disk-full test skipped");

        String name = files.containsKey("") ? "big.bin" : "big";
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), name, files), 64 * 1024);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(Exception.class).handled(true).to("mock:errors");
                from("torrent:download?watchDirectory=" + dir("drop") + "&directory=" + mount.toString().replace('\\', '/')
                        + "&staticPeers=" + seeder.address() + "&delay=100&progressInterval=0&bridgeErrorHandler=true")
                        .to("mock:out");
            }
        });
        MockEndpoint errors = getMockEndpoint("mock:errors");
        errors.expectedMessageCount(1);
        Files.createDirectories(tmp.resolve("drop"));
        Files.write(tmp.resolve("drop/big.torrent"), torrent);
        errors.assertIsSatisfied(60_000);

        Exception e = errors.getExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        assertInstanceOf(StorageException.class, e);
        assertTrue(java.util.Arrays.stream(names).anyMatch(e.getMessage()::contains), "the error names the file: "
                + e.getMessage());
        TorrentConsumerTest.awaitFile(tmp.resolve("drop/.failed/big.torrent.reason.txt"));
        String reason = Files.readString(tmp.resolve("drop/.failed/big.torrent.reason.txt"));
        assertTrue(reason.contains("StorageException"), reason);
        assertFalse(Files.exists(tmp.resolve("drop/.done/big.torrent")));
        TimeUnit.MILLISECONDS.sleep(500);
        assertEquals(0, getMockEndpoint("mock:out").getReceivedCounter(), "no payload file is handed on");
    }

    private static int run(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
