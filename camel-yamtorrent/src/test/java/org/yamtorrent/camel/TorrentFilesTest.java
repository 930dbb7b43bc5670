package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.session.FileSelectionException;

/**
 * The {@code files} option and the {@code CamelTorrentFiles} header against a real seeder. The torrent "pack" lists
 * a.iso, big.bin, docs/readme.txt, docs/sub/deep.txt (file indexes 0..3, the creator sorts by path) in pieces of
 * 16 KiB that cross the files.
 */
@Timeout(120)
class TorrentFilesTest extends TorrentTestSupport {

    private static final List<String> ORDER = List.of("a.iso", "big.bin", "docs/readme.txt", "docs/sub/deep.txt");
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private byte[] torrent;

    private String download(String dir) {
        return "torrent:download?directory=" + dir(dir) + "&staticPeers=" + seeder.address() + "&progressInterval=0";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:option").to(download("option") + "&files=*.iso,docs/**").split(body()).to("mock:files");
                from("direct:header").to(download("header"));
            }
        };
    }

    private void seed() throws Exception {
        files.put("a.iso", TestTorrents.randomBytes(70_000, 51));
        files.put("docs/readme.txt", TestTorrents.randomBytes(5_000, 52));
        files.put("docs/sub/deep.txt", TestTorrents.randomBytes(3_000, 53));
        files.put("big.bin", TestTorrents.randomBytes(100_000, 54));
        torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "pack", files), 16 * 1024);
    }

    @Test
    void theFilesOptionDeliversOnlyTheSelectedFiles() throws Exception {
        seed();
        MockEndpoint mock = getMockEndpoint("mock:files");
        mock.expectedHeaderValuesReceivedInAnyOrder(Exchange.FILE_NAME, "pack/a.iso", "pack/docs/readme.txt",
                "pack/docs/sub/deep.txt");
        template.sendBody("direct:option", torrent);
        mock.assertIsSatisfied(30_000);
        for (Exchange x : mock.getExchanges()) {
            String name = x.getMessage().getHeader(Exchange.FILE_NAME, String.class).substring("pack/".length());
            assertArrayEquals(files.get(name), x.getMessage().getBody(byte[].class), name);
            assertEquals(3, x.getMessage().getHeader(TorrentConstants.FILE_COUNT));
            assertEquals(ORDER.indexOf(name), x.getMessage().getHeader(TorrentConstants.FILE_INDEX), name);
        }
        assertFalse(Files.exists(tmp.resolve("option/pack/big.bin")), "big.bin was not selected: not created");
    }

    @Test
    void theHeaderSelectsForOneExchangeAndNamesWhatDoesNotFit() throws Exception {
        seed();
        Exchange e = template.request("direct:header", x -> {
            x.getMessage().setBody(torrent);
            x.getMessage().setHeader(TorrentConstants.FILES, "1");
        });
        assertEquals(null, e.getException());
        assertArrayEquals(files.get("big.bin"), e.getMessage().getBody(byte[].class), "one file: the body is that file");
        assertEquals("pack/big.bin", e.getMessage().getHeader(Exchange.FILE_NAME));
        assertEquals(1, e.getMessage().getHeader(TorrentConstants.FILE_INDEX));
        assertFalse(Files.exists(tmp.resolve("header/pack/a.iso")), "a.iso not created");
        assertFalse(Files.exists(tmp.resolve("header/pack/docs")), "no docs directory either");

        for (String bad : List.of("9", "*.mp4")) {
            Exchange failed = template.request("direct:header", x -> {
                x.getMessage().setBody(torrent);
                x.getMessage().setHeader(TorrentConstants.FILES, bad);
                x.getMessage().setHeader(TorrentConstants.DIRECTORY, dir("bad"));
            });
            FileSelectionException f = assertInstanceOf(FileSelectionException.class, failed.getException());
            assertTrue(f.getMessage().contains(bad.equals("9") ? "file index 9" : "'*.mp4'"), f.getMessage());
        }
        Exception syntax = assertThrows(Exception.class, () -> context.getEndpoint(download("x") + "&files=1,,2"));
        assertTrue(String.valueOf(rootCause(syntax).getMessage()).contains("empty item"), rootCause(syntax).toString());
        assertTrue(Files.isDirectory(tmp.resolve("header/pack")));
        Path none = tmp.resolve("bad/pack");
        assertFalse(Files.exists(none), "a refused selection creates nothing");
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
