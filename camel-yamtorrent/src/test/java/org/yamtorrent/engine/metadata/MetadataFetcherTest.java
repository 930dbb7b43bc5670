package org.yamtorrent.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.MetainfoReader;

class MetadataFetcherTest {

    private static final long TIMEOUT = 5_000;
    /** 13 pieces, the last one short. */
    private final byte[] info = InfoDictionaries.of(10_000, false);
    private final InfoHash hash = InfoHash.sha1(info, 0, info.length);
    private final MetadataServer server = new MetadataServer(TorrentFile.metainfo(
            TorrentFile.bytes(info, MagnetUri.parse("magnet:?xt=urn:btih:" + hash.hex())), hash));
    private final MetadataFetcher<String> fetcher = new MetadataFetcher<>(hash, MetainfoReader.DEFAULT_MAX_BYTES, TIMEOUT);
    /** How each peer answers a request; null is silence. */
    private final Map<String, Function<MetadataMessage.Request, MetadataMessage>> peers = new LinkedHashMap<>();
    /** The metadata_size each peer announces. */
    private final Map<String, Integer> sizes = new HashMap<>();
    private final Map<String, Integer> asked = new HashMap<>();
    private long now;

    @Test
    void fetchesPiecesFromSeveralPeers() {
        honest("a", "b", "c");
        run(10);
        assertArrayEquals(info, fetcher.metadata());
        assertEquals(3, asked.size(), "every peer was asked: " + asked);
        assertEquals(13, asked.values().stream().mapToInt(Integer::intValue).sum(), "each piece asked once");
        assertTrue(fetcher.takeBadPeers().isEmpty());
        assertTrue(fetcher.requests(now).isEmpty(), "nothing more to ask");
    }

    @Test
    void capsTheAnnouncedSizeBeforeAllocating() {
        assertEquals("peer announced metadata_size 16777217, outside 1..16777216",
                assertThrows(MetadataException.class, () -> fetcher.peerHas("liar", MetainfoReader.DEFAULT_MAX_BYTES + 1L)).getMessage());
        assertThrows(MetadataException.class, () -> fetcher.peerHas("liar", 0));
        assertThrows(MetadataException.class, () -> fetcher.peerHas("liar", Long.MAX_VALUE));
        assertTrue(fetcher.requests(now).isEmpty(), "no peer with a usable size");
    }

    @Test
    void unsolicitedOversizedOrMisfittingPiecesBanTheirSender() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> fetcher.onData("x", new MetadataMessage.Data(0, info.length, new byte[16384])));
        assertEquals("peer sent ut_metadata piece 0, which was not asked of it", e.getMessage());
        fetcher.peerHas("long", info.length);
        fetcher.peerHas("size", info.length);
        for (MetadataFetcher.PieceRequest<String> r : fetcher.requests(now)) {
            if (r.peer().equals("long")) {
                assertThrows(MetadataException.class, () -> fetcher.onData("long", new MetadataMessage.Data(r.piece(), info.length, new byte[100])));
            } else {
                assertThrows(MetadataException.class, () -> fetcher.onData("size", new MetadataMessage.Data(r.piece(), 77, new byte[16384])));
            }
        }
        Map<String, String> bad = fetcher.takeBadPeers();
        assertEquals(java.util.Set.of("x", "long", "size"), bad.keySet(), bad.toString());
        assertTrue(bad.get("size").contains("total_size 77"), bad.get("size"));
        assertTrue(fetcher.requests(now).isEmpty(), "banned peers are not asked again");
        fetcher.peerHas("long", info.length);
        assertTrue(fetcher.requests(now).isEmpty(), "a banned peer that reconnects is not used");
    }

    @Test
    void rejectedOrUnansweredPiecesAreAskedElsewhere() {
        add("rejects", info.length, r -> new MetadataMessage.Reject(r.piece()));
        add("silent", info.length, r -> null);
        honest("slow");
        run(20);
        assertArrayEquals(info, fetcher.metadata());
        assertTrue(asked.get("rejects") > 0 && asked.get("silent") > 0, asked.toString());
        assertTrue(fetcher.takeBadPeers().isEmpty(), "refusing is not lying");
    }

    @Test
    void aPeerThatCorruptsOnePieceIsFoundAndTheHonestOnesFinish() {
        honest("a", "b");
        add("liar", info.length, r -> corrupt(server.answer(r)));
        run(30);
        assertArrayEquals(info, fetcher.metadata());
        Map<String, String> bad = fetcher.takeBadPeers();
        assertEquals(java.util.Set.of("liar"), bad.keySet(), bad.toString());
        assertTrue(bad.get("liar").contains("does not match info-hash " + hash), bad.get("liar"));
    }

    @Test
    void aLoneLiarIsBannedWhenItsMetadataFails() {
        add("liar", info.length, r -> corrupt(server.answer(r)));
        run(5);
        assertNull(fetcher.metadata());
        assertEquals(java.util.Set.of("liar"), fetcher.takeBadPeers().keySet());
        honest("late");
        run(10);
        assertArrayEquals(info, fetcher.metadata());
    }

    @Test
    void aPeerLyingAboutTheSizeIsOutvotedAndReported() {
        honest("a", "b");
        add("size", info.length + 1000, r -> new MetadataMessage.Reject(r.piece()));
        run(10);
        assertArrayEquals(info, fetcher.metadata());
        assertEquals(0, asked.getOrDefault("size", 0), "the minority size is not fetched");
        assertTrue(fetcher.takeBadPeers().get("size").startsWith("announced metadata_size " + (info.length + 1000)));
    }

    @Test
    void aLiarWithItsOwnSizeFailsAloneAndTheRightSizeFollows() {
        byte[] fake = InfoDictionaries.of(9_000, false);
        MetadataServer fakeServer = new MetadataServer(TorrentFile.metainfo(TorrentFile.bytes(fake,
                MagnetUri.parse("magnet:?xt=urn:btih:" + hash.hex())), InfoHash.sha1(fake, 0, fake.length)));
        add("fake", fake.length, fakeServer::answer);
        run(5);
        assertEquals(java.util.Set.of("fake"), fetcher.takeBadPeers().keySet());
        honest("a");
        run(10);
        assertArrayEquals(info, fetcher.metadata());
    }

    private void honest(String... names) {
        for (String n : names) {
            add(n, info.length, server::answer);
        }
    }

    private void add(String peer, int size, Function<MetadataMessage.Request, MetadataMessage> answers) {
        peers.put(peer, answers);
        sizes.put(peer, size);
    }

    /** Every piece it sends has one bit flipped. */
    private static MetadataMessage corrupt(MetadataMessage m) {
        if (m instanceof MetadataMessage.Data d) {
            byte[] b = d.bytes();
            b[0] ^= 1;
            return new MetadataMessage.Data(d.piece(), d.totalSize(), b);
        }
        return m;
    }

    /** Rounds of: announce sizes, send what the fetcher asks, deliver the answers, let time pass. */
    private void run(int rounds) {
        for (int i = 0; i < rounds && fetcher.metadata() == null; i++) {
            sizes.forEach(fetcher::peerHas);
            for (MetadataFetcher.PieceRequest<String> r : fetcher.requests(now)) {
                asked.merge(r.peer(), 1, Integer::sum);
                MetadataMessage answer = peers.get(r.peer()).apply(new MetadataMessage.Request(r.piece()));
                if (answer instanceof MetadataMessage.Data d) {
                    fetcher.onData(r.peer(), d);
                } else if (answer instanceof MetadataMessage.Reject) {
                    fetcher.onReject(r.peer(), r.piece(), now);
                }
            }
            now += TIMEOUT;
        }
    }
}
