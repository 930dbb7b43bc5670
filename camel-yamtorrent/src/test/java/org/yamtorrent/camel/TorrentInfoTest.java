package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.MetainfoException;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.metainfo.TorrentCreator;

@Timeout(60)
class TorrentInfoTest extends TorrentTestSupport {

    private SharedFileIdempotentRepository jobs;

    @Override
    protected RouteBuilder createRouteBuilder() {
        jobs = new SharedFileIdempotentRepository(tmp.resolve("jobs.txt"));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:jobs").to("torrent:info")
                        .idempotentConsumer(header(TorrentConstants.INFO_HASH), jobs)
                        .to("mock:job");
            }
        };
    }

    private byte[] multiFileTorrent() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(70_000, 1));
        files.put("sub/b.bin", TestTorrents.randomBytes(3_000, 2));
        Path source = TestSeeder.writePayload(tmp.resolve("src"), "set", files);
        return TorrentCreator.of(source).pieceLength(16384).create().bytes();
    }

    @Test
    void infoSetsTheHeadersAndLeavesTheBody() throws Exception {
        byte[] torrent = multiFileTorrent();
        Exchange e = template.request("torrent:info", x -> x.getMessage().setBody(torrent));
        assertNull(e.getException());
        assertEquals(TorrentCreator.of(tmp.resolve("src/set")).pieceLength(16384).create().infoHash().hex(),
                e.getMessage().getHeader(TorrentConstants.INFO_HASH));
        assertEquals("set", e.getMessage().getHeader(TorrentConstants.NAME));
        assertEquals(73_000L, e.getMessage().getHeader(TorrentConstants.TOTAL_LENGTH));
        assertEquals(2, e.getMessage().getHeader(TorrentConstants.FILE_COUNT));
        assertArrayEquals(torrent, e.getMessage().getBody(byte[].class));
    }

    @Test
    void aStreamBodyStaysReadable() throws Exception {
        byte[] torrent = multiFileTorrent();
        Exchange e = template.request("torrent:info", x -> x.getMessage().setBody(new ByteArrayInputStream(torrent)));
        assertNull(e.getException());
        assertEquals("set", e.getMessage().getHeader(TorrentConstants.NAME));
        assertArrayEquals(torrent, e.getMessage().getBody(byte[].class));
    }

    /**
     * The .torrent behind an http URL is fetched while the caller goes on: process() returns (false, asynchronous)
     * while the server still holds back its answer; the exchange completes once it answers, with the .torrent as
     * its body. An unreachable URL fails the exchange naming the URL.
     */
    @Test
    void anHttpUrlIsFetchedWithoutBlockingTheCaller() throws Exception {
        byte[] torrent = multiFileTorrent();
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/t.torrent", ex -> {
            try {
                answer.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, torrent.length);
            ex.getResponseBody().write(torrent);
            ex.close();
        });
        http.start();
        AsyncProducer producer = context.getEndpoint("torrent:info").createAsyncProducer();
        producer.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/t.torrent";
            Exchange e = producer.getEndpoint().createExchange();
            e.getMessage().setBody(url);
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            assertFalse(producer.process(e, done::complete), "the fetch must not run on the caller's thread");
            assertFalse(done.isDone(), "done before the server answered");
            answer.countDown();
            assertFalse(done.get(30, TimeUnit.SECONDS), "completed asynchronously");
            assertNull(e.getException());
            assertEquals("set", e.getMessage().getHeader(TorrentConstants.NAME));
            assertArrayEquals(torrent, e.getMessage().getBody(byte[].class));

            http.stop(0);
            Exchange failed = template.request("torrent:info", x -> x.getMessage().setBody(url));
            assertTrue(failed.getException().getMessage().startsWith("cannot fetch the .torrent from " + url),
                    String.valueOf(failed.getException()));
        } finally {
            answer.countDown();
            producer.stop();
            http.stop(0);
        }
    }

    @Test
    void aBrokenTorrentFailsTheExchange() {
        Exchange e = template.request("torrent:info", x -> x.getMessage().setBody("not a torrent".getBytes()));
        assertInstanceOf(MetainfoException.class, e.getException());
    }

    @Test
    void theInfoHashKeysAnIdempotentConsumer() throws Exception {
        byte[] torrent = multiFileTorrent();
        MockEndpoint job = getMockEndpoint("mock:job");
        job.expectedMessageCount(1);
        template.sendBody("direct:jobs", torrent);
        template.sendBody("direct:jobs", new ByteArrayInputStream(torrent));
        job.assertIsSatisfied();
        assertArrayEquals(torrent, job.getExchanges().get(0).getMessage().getBody(byte[].class));
    }
}
