package org.yamtorrent.engine.tracker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.bencode.RawBencode;
import org.yamtorrent.engine.metainfo.InfoHash;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpAnnounceTest {

    private static byte[] reply(Map<String, Object> fields) {
        return RawBencode.encode(new TreeMap<>(fields));
    }

    private static byte[] compact(int... ipAndPort) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < ipAndPort.length; i += 5) {
            for (int j = 0; j < 4; j++) {
                out.write(ipAndPort[i + j]);
            }
            out.write(ipAndPort[i + 4] >>> 8);
            out.write(ipAndPort[i + 4]);
        }
        return out.toByteArray();
    }

    @Test
    void compactPeersWithIntervalsTrackerIdAndCounts() {
        Map<String, Object> m = new TreeMap<>();
        m.put("interval", 1800);
        m.put("min interval", 900);
        m.put("tracker id", "abc");
        m.put("complete", 7);
        m.put("incomplete", 3);
        m.put("peers", compact(10, 0, 0, 1, 6881, 192, 168, 1, 2, 51413));
        AnnounceResponse r = HttpAnnounce.parseReply(reply(m), 100);
        assertEquals(1800, r.interval());
        assertEquals(900, r.minInterval());
        assertEquals("abc", r.trackerId());
        assertEquals(7, r.complete());
        assertEquals(3, r.incomplete());
        assertNull(r.warningMessage());
        assertEquals(List.of(new InetSocketAddress("10.0.0.1", 6881), new InetSocketAddress("192.168.1.2", 51413)), r.peers());
    }

    @Test
    void dictionaryPeersTakeLiteralsAndSkipHostNames() {
        List<Object> peers = new ArrayList<>();
        peers.add(new TreeMap<>(Map.of("ip", "10.1.2.3", "port", 6881, "peer id", Requests.peerId("-TR3000-"))));
        peers.add(new TreeMap<>(Map.of("ip", "2001:db8::1", "port", 6882)));
        peers.add(new TreeMap<>(Map.of("ip", "tracker.example", "port", 6883)));
        AnnounceResponse r = HttpAnnounce.parseReply(reply(Map.of("interval", 60, "peers", peers)), 100);
        assertEquals(List.of(new InetSocketAddress("10.1.2.3", 6881), new InetSocketAddress("2001:db8::1", 6882)), r.peers());
        assertEquals(-1, r.complete());
        assertEquals(0, r.minInterval());
    }

    @Test
    void peers6AreSixteenByteAddresses() {
        byte[] v6 = new byte[18];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 1;
        v6[16] = 0x1a;
        v6[17] = (byte) 0xe1;
        AnnounceResponse r = HttpAnnounce.parseReply(
                reply(Map.of("interval", 60, "peers", compact(1, 2, 3, 4, 80), "peers6", v6)), 100);
        assertEquals(List.of(new InetSocketAddress("1.2.3.4", 80), new InetSocketAddress("2001::1", 6881)), r.peers());
    }

    @Test
    void failureReasonBecomesTrackerFailure() {
        TrackerException e = assertThrows(TrackerException.class,
                () -> HttpAnnounce.parseReply(reply(Map.of("failure reason", "torrent not registered")), 100));
        assertEquals("tracker failure: torrent not registered", e.getMessage());
    }

    @Test
    void controlCharactersInTrackerTextAreReplaced() {
        TrackerException e = assertThrows(TrackerException.class,
                () -> HttpAnnounce.parseReply(reply(Map.of("failure reason", "bad\nINFO fake log line")), 100));
        assertEquals("tracker failure: bad?INFO fake log line", e.getMessage());
    }

    @Test
    void warningMessageIsKept() {
        AnnounceResponse r = HttpAnnounce.parseReply(reply(Map.of("interval", 60, "warning message", "upgrade")), 100);
        assertEquals("upgrade", r.warningMessage());
        assertTrue(r.peers().isEmpty());
    }

    @Test
    void peersLengthNotMultipleOfSixIsNamed() {
        TrackerException e = assertThrows(TrackerException.class,
                () -> HttpAnnounce.parseReply(reply(Map.of("interval", 60, "peers", new byte[13])), 100));
        assertEquals("announce reply: peers length 13 is not a multiple of 6", e.getMessage());
        e = assertThrows(TrackerException.class,
                () -> HttpAnnounce.parseReply(reply(Map.of("interval", 60, "peers6", new byte[17])), 100));
        assertEquals("announce reply: peers6 length 17 is not a multiple of 18", e.getMessage());
    }

    @Test
    void hugePeerListIsCapped() {
        byte[] many = new byte[6 * 50_000];
        for (int i = 0; i < 50_000; i++) {
            many[i * 6] = 10;
            many[i * 6 + 2] = (byte) (i >> 8);
            many[i * 6 + 3] = (byte) i;
            many[i * 6 + 4] = 0x1a;
            many[i * 6 + 5] = (byte) 0xe1;
        }
        AnnounceResponse r = HttpAnnounce.parseReply(reply(Map.of("interval", 60, "peers", many)), 2000);
        assertEquals(2000, r.peers().size());
    }

    @Test
    void portZeroPeersAreSkipped() {
        AnnounceResponse r = HttpAnnounce.parseReply(
                reply(Map.of("interval", 60, "peers", compact(1, 2, 3, 4, 0, 1, 2, 3, 5, 7))), 100);
        assertEquals(List.of(new InetSocketAddress("1.2.3.5", 7)), r.peers());
    }

    @Test
    void malformedBodiesAreRejectedWithTheirProblem() {
        assertRejected("d8:intervali60e5:peers6:abc", "exceeds");         // string runs past the end
        assertRejected("d8:intervali60e5:peers999999999:", "exceeds");    // declared length > body: no allocation
        assertRejected("d8:intervali99999999999999999999999ee", "64 bits"); // would wrap in a long
        assertRejected("d8:intervali60e", "truncated");                    // dictionary never closed
        assertRejected("<html>502 Bad Gateway</html>", "expected a dictionary");
        assertRejected("", "expected a dictionary");
        assertRejected("d8:intervali60eed", "trailing");
        assertRejected("d8:intervali-5ee", "interval -5 is out of range");
        assertRejected("d5:peers0:e", "interval is missing");
        assertRejected("d8:interval2:60e", "interval is not an integer");
        assertRejected("d8:intervali60e5:peersi5ee", "peers is neither a string nor a list");
        assertRejected("d8:intervali60e5:peersld2:ip7:1.2.3.44:porti70000eeee", "peers[0].port 70000");
        assertRejected("d8:intervali60e5:peersli1eee", "peers[0] is not a dictionary");
        assertRejected("d8:interval" + "l".repeat(100_000) + "e".repeat(100_000) + "e", "deeper");
    }

    @Test
    void trailingNewlineIsTolerated() {
        AnnounceResponse r = HttpAnnounce.parseReply("d8:intervali60ee\r\n".getBytes(StandardCharsets.US_ASCII), 10);
        assertEquals(60, r.interval());
    }

    private static void assertRejected(String body, String fragment) {
        TrackerException e = assertThrows(TrackerException.class,
                () -> HttpAnnounce.parseReply(body.getBytes(StandardCharsets.ISO_8859_1), 100), body);
        assertTrue(e.getMessage().startsWith("announce reply: "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should mention " + fragment);
    }

    @Test
    void everyByteOutsideUnreservedIsPercentEncoded() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String encoded = UrlBytes.encode(all);
        assertTrue(encoded.matches("[A-Za-z0-9._~%-]*"), encoded);
        assertTrue(encoded.contains("%00") && encoded.contains("%FF") && encoded.contains("%20") && encoded.contains("%2B"));
        assertTrue(encoded.contains("-.%2F0123456789") && encoded.contains("_") && encoded.contains("~"));
        assertArrayEquals(all, UrlBytes.decode(encoded));
        assertEquals(" ", new String(UrlBytes.decode("+"), StandardCharsets.US_ASCII));
        assertThrows(TrackerException.class, () -> UrlBytes.decode("%4"));
        assertThrows(TrackerException.class, () -> UrlBytes.decode("%zz"));
    }

    @Test
    void requestUrlCarriesEveryFieldAsRawBytes() {
        byte[] hash = new byte[20];
        hash[0] = (byte) 0xff;
        hash[1] = ' ';
        hash[2] = 'a';
        AnnounceRequest r = new AnnounceRequest(InfoHash.of(hash), Requests.peerId("-YT0001-"), 6881, 10, 20, 30,
                AnnounceEvent.STARTED, 50, 0xcafe, "t 1");
        URI uri = HttpAnnounce.requestUri(URI.create("http://tracker.test:8080/announce"), r);
        assertEquals("http://tracker.test:8080/announce?info_hash=%FF%20a%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00"
                + "&peer_id=-YT0001-------------&port=6881&uploaded=10&downloaded=20&left=30&compact=1&numwant=50"
                + "&key=0000CAFE&event=started&trackerid=t%201", uri.toString());
    }

    @Test
    void requestUrlKeepsAnExistingQueryAndOmitsNoneEvent() {
        AnnounceRequest r = Requests.request("p", 1).withEvent(AnnounceEvent.NONE);
        Map<String, String> expectStarts = new LinkedHashMap<>();
        expectStarts.put("http://t.test/announce.php?passkey=abc", "http://t.test/announce.php?passkey=abc&info_hash=");
        expectStarts.put("http://t.test/a?passkey=abc&", "http://t.test/a?passkey=abc&info_hash=");
        expectStarts.put("http://t.test/a?", "http://t.test/a?info_hash=");
        expectStarts.put("https://t.test/a#frag", "https://t.test/a?info_hash=");
        expectStarts.forEach((tracker, prefix) -> {
            String url = HttpAnnounce.requestUri(URI.create(tracker), r).toString();
            assertTrue(url.startsWith(prefix), url);
            assertTrue(!url.contains("event="), url);
        });
        AnnounceRequest defaultWant = new AnnounceRequest(Requests.HASH, Requests.peerId("p"), 1, 0, 0, 0,
                AnnounceEvent.STOPPED, -1, 0, null);
        String url = HttpAnnounce.requestUri(URI.create("http://t.test/a"), defaultWant).toString();
        assertTrue(url.endsWith("&compact=1&key=00000000&event=stopped"), url);
    }

    @Test
    void ipLiteralsNeverResolveNames() {
        assertEquals("1.2.3.4", IpLiteral.parse("1.2.3.4").getHostAddress());
        assertNull(IpLiteral.parse("1.2.3"));
        assertNull(IpLiteral.parse("256.1.1.1"));
        assertNull(IpLiteral.parse("localhost"));
        assertNull(IpLiteral.parse("fe80::1%eth0"));
        assertNull(IpLiteral.parse("gggg::1"));
        assertEquals("0:0:0:0:0:0:0:1", IpLiteral.parse("::1").getHostAddress());
    }
}
