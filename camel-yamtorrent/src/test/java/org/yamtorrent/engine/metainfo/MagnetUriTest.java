package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class MagnetUriTest {

    private static final String HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    // the same 20 bytes in RFC 4648 base32
    private static final String BASE32 = "YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK";

    @Test
    void parsesAllParameters() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + HEX + "&dn=My+File%20%C3%A9.iso"
                + "&tr=http%3A%2F%2F127.0.0.1%3A6969%2Fannounce&tr=udp://127.0.0.1:6969&tr=udp://127.0.0.1:6969"
                + "&xl=12345&x.pe=127.0.0.1:51413&x.pe=%5B::1%5D:6881&x.pe=seed.example:7000&ws=http://127.0.0.1/f");
        assertEquals(HEX, m.infoHash().hex());
        assertEquals("My File é.iso", m.displayName());
        assertEquals(List.of("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969"), m.trackers());
        assertEquals(List.of(List.of("http://127.0.0.1:6969/announce"), List.of("udp://127.0.0.1:6969")), m.trackerTiers());
        assertEquals(12345L, m.exactLength());
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 51413),
                InetSocketAddress.createUnresolved("::1", 6881),
                InetSocketAddress.createUnresolved("seed.example", 7000)), m.peers());
        assertEquals(List.of("http://127.0.0.1/f"), m.webSeeds());
        assertTrue(m.selectsFile(3), "no so selects every file");
    }

    @Test
    void selectOnlyListsIndexesAndRanges() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + HEX + "&so=0,2,4-6&so=9");
        assertEquals(List.of(new MagnetUri.FileRange(0, 0), new MagnetUri.FileRange(2, 2),
                new MagnetUri.FileRange(4, 6), new MagnetUri.FileRange(9, 9)), m.selectedFiles());
        List<Integer> selected = java.util.stream.IntStream.range(0, 12).filter(m::selectsFile).boxed().toList();
        assertEquals(List.of(0, 2, 4, 5, 6, 9), selected);
    }

    @Test
    void numberedTopicsAndUnknownOnesBesideBtih() {
        MagnetUri m = MagnetUri.parse("magnet:?xt.1=urn:sha1:ABCDEF&xt.2=urn:btih:" + HEX);
        assertEquals(HEX, m.infoHash().hex());
    }

    @Test
    void base32AndHexGiveTheSameHash() {
        assertEquals(MagnetUri.parse("magnet:?xt=urn:btih:" + HEX).infoHash(),
                MagnetUri.parse("magnet:?xt=urn:btih:" + BASE32.toLowerCase()).infoHash());
    }

    @Test
    void optionalPartsAbsent() {
        MagnetUri m = MagnetUri.parse("MAGNET:?xt=URN:BTIH:" + HEX.toUpperCase());
        assertNull(m.displayName());
        assertNull(m.exactLength());
        assertTrue(m.trackers().isEmpty());
        assertTrue(MagnetUri.isMagnet("magnet:?x"));
        assertFalse(MagnetUri.isMagnet("http://x"));
    }

    @Test
    void errorsNameTheProblem() {
        assertMessage("magnet link does not start with 'magnet:?'", "http://example/x.torrent");
        assertMessage("magnet link has no xt=urn:btih or xt=urn:btmh parameter", "magnet:?dn=x");
        assertMessage("magnet link xt=urn:btmh is not '1220' and 64 hex digits (a SHA-256 multihash)", "magnet:?xt=urn:btmh:1220abcd");
        assertMessage("magnet link xt=urn:btmh has characters that are not hex digits", "magnet:?xt=urn:btmh:1220" + "zz".repeat(32));
        assertMessage("magnet link xt=urn:ed2k:31d6cfe0 is not a BitTorrent info-hash (urn:btih)", "magnet:?xt=urn:ed2k:31d6cfe0");
        assertMessage("magnet link xt=urn:btih has 39 characters; expected 40 hex or 32 base32", "magnet:?xt=urn:btih:" + HEX.substring(1));
        assertMessage("magnet link xt=urn:btih has 40 characters that are not hex digits", "magnet:?xt=urn:btih:" + "z".repeat(40));
        assertMessage("magnet link xt=urn:btih has '1', which is not base32", "magnet:?xt=urn:btih:1" + BASE32.substring(1));
        assertMessage("magnet link xl 'big' is not a non-negative number", "magnet:?xt=urn:btih:" + HEX + "&xl=big");
        assertMessage("magnet link xl '-1' is not a non-negative number", "magnet:?xt=urn:btih:" + HEX + "&xl=-1");
        assertMessage("magnet link xl 9999999999999999999 is larger than 9223372036854775807", "magnet:?xt=urn:btih:" + HEX + "&xl=9999999999999999999");
        assertMessage("magnet link so range '6-4' ends before it starts", "magnet:?xt=urn:btih:" + HEX + "&so=0,6-4");
        assertMessage("magnet link so '' is not a non-negative number", "magnet:?xt=urn:btih:" + HEX + "&so=1,,2");
        assertMessage("magnet link so 9999999 is larger than 199999", "magnet:?xt=urn:btih:" + HEX + "&so=0-9999999");
        assertMessage("magnet link x.pe '127.0.0.1' is not host:port", "magnet:?xt=urn:btih:" + HEX + "&x.pe=127.0.0.1");
        assertMessage("magnet link x.pe '::1:80' has an IPv6 address without [brackets]", "magnet:?xt=urn:btih:" + HEX + "&x.pe=::1:80");
        assertMessage("magnet link x.pe 'h:0' has port outside 1..65535", "magnet:?xt=urn:btih:" + HEX + "&x.pe=h:0");
        assertMessage("magnet link parameter dn is not valid percent-encoding", "magnet:?xt=urn:btih:" + HEX + "&dn=%zz");
        assertMessage("magnet link has more than one xt=urn:btih", "magnet:?xt=urn:btih:" + HEX + "&xt=urn:btih:" + HEX);
        assertTrue(assertThrows(MetainfoException.class, () -> MagnetUri.parse("magnet:?" + "a".repeat(70_000)))
                .getMessage().contains("is longer than"));
    }

    private static void assertMessage(String expected, String uri) {
        assertEquals(expected, assertThrows(MetainfoException.class, () -> MagnetUri.parse(uri)).getMessage());
    }

    @Test
    void aV2OnlyMagnetIsNamedByItsTruncatedSha256() {
        String v2 = "a75d4925ed91d587f21eff9ab33bfb0eaf7f87f03769edaecb0ff34523f47e47";
        MagnetUri u = MagnetUri.parse("magnet:?xt=urn:btmh:1220" + v2 + "&dn=v2demo");
        assertFalse(u.infoHash().hasV1());
        assertEquals(v2, java.util.HexFormat.of().formatHex(u.infoHash().v2()));
        assertEquals(v2.substring(0, 40), u.infoHash().hex(), "the 20 bytes handshakes and trackers see");
        assertEquals("v2demo", u.displayName());
    }

    @Test
    void aHybridMagnetCarriesBothHashes() {
        String v1 = "82de13603c2fca1f3bdc01e8103b36e32f068227";
        String v2 = "20fac702b47a2d5eb42a0bdd2bfc1c442fe60316c57700aab9c58a6527438435";
        MagnetUri u = MagnetUri.parse("magnet:?xt=urn:btih:" + v1 + "&xt=urn:btmh:1220" + v2 + "&dn=v2demo");
        assertEquals(v1, u.infoHash().hex());
        assertEquals(v2, java.util.HexFormat.of().formatHex(u.infoHash().v2()));
        MagnetUri reversed = MagnetUri.parse("magnet:?xt=urn:btmh:1220" + v2 + "&xt=urn:btih:" + v1);
        assertEquals(u.infoHash(), reversed.infoHash());
        assertTrue(reversed.infoHash().hasV2());
    }
}
