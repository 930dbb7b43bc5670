package org.yamtorrent.engine.webseed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/** Range requests against a real HTTP server on 127.0.0.1, and the checks on what comes back. */
@Timeout(60)
class RangeClientTest {

    @TempDir
    Path tmp;

    private final RangeClient client = new RangeClient(Duration.ofSeconds(10));

    @Test
    void aRangeLandsWhereItWasAskedToInTheTarget() throws Exception {
        byte[] data = TestTorrents.randomBytes(100_000, 1);
        Files.write(tmp.resolve("f.bin"), data);
        try (RangeServer server = RangeServer.serving(tmp)) {
            byte[] target = new byte[30_010];
            client.get(URI.create(server.url("f.bin")), 5_000, 30_000, target, 10).get(10, TimeUnit.SECONDS);
            assertArrayEquals(Arrays.copyOfRange(data, 5_000, 35_000), Arrays.copyOfRange(target, 10, 30_010));
        }
    }

    @Test
    void errorsNameTheUrlAndTheProblem() throws Exception {
        Files.write(tmp.resolve("f.bin"), new byte[1000]);
        try (RangeServer server = RangeServer.serving(tmp)) {
            assertFails("HTTP status 404", client.get(URI.create(server.url("missing.bin")), 0, 10, new byte[10], 0));
            assertFails("HTTP status 416", client.get(URI.create(server.url("f.bin")), 990, 20, new byte[20], 0));
        }
        try (RangeServer dying = RangeServer.serving(tmp).dieAfter(0)) {
            Throwable e = failure(client.get(URI.create(dying.url("f.bin")), 0, 1000, new byte[1000], 0));
            assertTrue(e.getMessage().startsWith(dying.url("f.bin") + " bytes 0-999: "), e.getMessage());
        }
    }

    @Test
    void aPartialReplyMustBeTheRangeAskedFor() {
        assertNull(RangeClient.contentRangeProblem(headers("Content-Range", "bytes 10-19/100"), 10, 10));
        assertNull(RangeClient.contentRangeProblem(headers("Content-Range", "bytes 10-19/*"), 10, 10));
        assertTrue(RangeClient.contentRangeProblem(headers("Content-Range", "bytes 0-19/100"), 10, 10)
                .contains("not the range asked for"));
        assertTrue(RangeClient.contentRangeProblem(headers("Content-Range", "items 10-19"), 10, 10)
                .contains("not a single byte range"));
        assertTrue(RangeClient.contentRangeProblem(headers("X", "y"), 10, 10).contains("without Content-Range"));
        assertTrue(RangeClient.contentRangeProblem(headers("Content-Range", "bytes 99999999999999999999-1/2"), 10, 10)
                .contains("out of range"));
    }

    @Test
    void retryAfterIsHonouredInSecondsAndCapped() {
        assertEquals(Duration.ofSeconds(120), RangeClient.retryAfter(headers("Retry-After", "120")));
        assertEquals(Duration.ofMinutes(10), RangeClient.retryAfter(headers("Retry-After", "86400")));
        assertNull(RangeClient.retryAfter(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));
        assertNull(RangeClient.retryAfter(headers("X", "1")));
    }

    @Test
    void filesOfAMultiFileTorrentLiveBelowTheUrlByTheirEncodedPath() {
        Metainfo multi = TestTorrents.multiFile("my set", Map.of("d\u00fcr/a+b.bin", new byte[10]), 16384);
        SeedUrl folder = new SeedUrl("http://h/files", multi);
        assertEquals(URI.create("http://h/files/my%20set/d%C3%BCr/a%2Bb.bin"), folder.fileUri(0));
        Metainfo single = TestTorrents.singleFile("one.bin", new byte[10], 16384);
        assertEquals(URI.create("http://h/x/one.bin"), new SeedUrl("http://h/x/", single).fileUri(0));
        assertEquals(URI.create("http://h/other.bin"), new SeedUrl("http://h/other.bin", single).fileUri(0));
        assertThrows(WebSeedException.class, () -> new SeedUrl("ftp://h/x", single));
        assertThrows(WebSeedException.class, () -> new SeedUrl("not a url", single));
        assertEquals(List.of(new SeedUrl.Part(URI.create("http://h/other.bin"), 2, 5)),
                new SeedUrl("http://h/other.bin", single).parts(2, 5));
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    private static void assertFails(String expected, java.util.concurrent.CompletableFuture<Void> f) throws Exception {
        Throwable e = failure(f);
        assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    }

    private static Throwable failure(java.util.concurrent.CompletableFuture<Void> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(WebSeedException.class, e.getCause());
    }
}
