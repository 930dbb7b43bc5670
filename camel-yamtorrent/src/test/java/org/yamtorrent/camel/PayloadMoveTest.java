package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentState;

/**
 * The drop-folder consumer hands a payload nothing seeds afterwards to {@code file:} by a move (camel-file renames
 * the file named by CamelFileLocalWorkPath): the out folder gets the work directory's very file (same file key),
 * bit-exact, the work copy is gone, and the engine had closed the files first (the resume record is written). An
 * endpoint that seeds afterwards keeps its work copy, which goes on seeding, and the out folder gets a copy.
 */
@Timeout(120)
class PayloadMoveTest extends TorrentTestSupport {

    /** The file key (device and inode) of each body as the route saw it before its file: step, by file name. */
    private final Map<String, Object> keysBefore = new ConcurrentHashMap<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(consumer("drop", "work", "")).routeId("moves")
                        .process(this::recordKey)
                        .to("file:" + dir("out") + "?tempPrefix=.partial-")
                        .to("mock:moved");
                from(consumer("drop-seeding", "work-seeding", "&seedTime=-1")).routeId("seeds")
                        .process(this::recordKey)
                        .to("file:" + dir("out-seeding") + "?tempPrefix=.partial-")
                        .to("mock:copied");
            }

            private void recordKey(Exchange e) throws Exception {
                Path body = e.getMessage().getBody(File.class).toPath();
                keysBefore.put(e.getMessage().getHeader(Exchange.FILE_NAME, String.class), fileKey(body));
            }
        };
    }

    private String consumer(String drop, String work, String extra) {
        return "torrent:download?watchDirectory=" + dir(drop) + "&directory=" + dir(work) + "&staticPeers="
               + seeder.address() + "&delay=100&progressInterval=0" + extra;
    }

    @Test
    void aSingleFileNobodySeedsIsMovedIntoTheOutFolder() throws Exception {
        byte[] data = TestTorrents.randomBytes(3_000_000, 21);
        byte[] torrent = download(TestSeeder.writePayload(tmp.resolve("seed"), "movie.bin", Map.of("", data)), 64 * 1024,
                "drop", "mock:moved", 1);

        Path out = tmp.resolve("out/movie.bin");
        assertArrayEquals(data, Files.readAllBytes(out));
        assertEquals(keysBefore.get("movie.bin"), fileKey(out), "renamed, not copied");
        assertFalse(Files.exists(tmp.resolve("work/movie.bin")), "the work copy is gone");
        assertNull(getMockEndpoint("mock:moved").getExchanges().get(0).getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH),
                "file: clears the header once it has renamed the file");
        InfoHash hash = MetainfoReader.read(torrent).infoHash();
        assertTrue(Files.exists(tmp.resolve("work/.yamtorrent/resume/" + hash.hex() + ".resume")),
                "the engine closed the torrent (and wrote its resume record) before the move");
        assertNull(context.getComponent("torrent", TorrentComponent.class).getSession().find(hash),
                "the torrent left the session before its files moved");
    }

    @Test
    void aMultiFileTorrentMovesFileByFileAndLeavesNoFoldersBehind() throws Exception {
        Map<String, byte[]> files = TestSeeder.album(22);
        download(TestSeeder.writePayload(tmp.resolve("seed"), "album", files), 32 * 1024, "drop", "mock:moved", 4);

        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path out = tmp.resolve("out/album").resolve(f.getKey());
            assertArrayEquals(f.getValue(), Files.readAllBytes(out), f.getKey());
            assertEquals(keysBefore.get("album/" + f.getKey()), fileKey(out), f.getKey() + " renamed, not copied");
        }
        assertFalse(Files.exists(tmp.resolve("work/album")), "the work tree is gone, folders too");
        assertTrue(Files.isDirectory(tmp.resolve("work/.yamtorrent")), "the endpoint's state stays");
    }

    @Test
    void anEndpointThatSeedsAfterwardsKeepsItsWorkCopyAndCopies() throws Exception {
        byte[] data = TestTorrents.randomBytes(2_000_000, 25);
        byte[] torrent = download(TestSeeder.writePayload(tmp.resolve("seed"), "kept.bin", Map.of("", data)), 64 * 1024,
                "drop-seeding", "mock:copied", 1);

        Path out = tmp.resolve("out-seeding/kept.bin");
        Path work = tmp.resolve("work-seeding/kept.bin");
        assertArrayEquals(data, Files.readAllBytes(out));
        assertArrayEquals(data, Files.readAllBytes(work), "the work copy stays for seeding");
        assertNotEquals(fileKey(work), fileKey(out), "a copy");
        assertEquals(fileKey(work), keysBefore.get("kept.bin"));
        TorrentHandle t = context.getComponent("torrent", TorrentComponent.class).getSession()
                .find(MetainfoReader.read(torrent).infoHash());
        assertNotNull(t, "still in the session");
        assertEquals(TorrentState.SEEDING, t.state());
        try (java.util.stream.Stream<Path> left = Files.list(tmp.resolve("out-seeding"))) {
            assertEquals(List.of(out), left.toList(), "the copy alone, no partial file left");
        }
    }

    /**
     * Seeds {@code source}, drops its .torrent into {@code drop}, and waits until {@code mock} has {@code exchanges}
     * and the drop is done (its .torrent in .done/, after the consumer's clean-up); returns the .torrent.
     */
    private byte[] download(Path source, int pieceLength, String drop, String mock, int exchanges) throws Exception {
        byte[] torrent = seeder.seed(source, pieceLength);
        MockEndpoint m = getMockEndpoint(mock);
        m.expectedMessageCount(exchanges);
        TorrentConsumerTest.drop(tmp.resolve(drop), "t.torrent", torrent);
        m.assertIsSatisfied(60_000);
        TorrentConsumerTest.awaitFile(tmp.resolve(drop).resolve(".done/t.torrent"));
        return torrent;
    }

    private static Object fileKey(Path p) throws Exception {
        Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        assertNotNull(key, "this file system gives file keys");
        return key;
    }

}
