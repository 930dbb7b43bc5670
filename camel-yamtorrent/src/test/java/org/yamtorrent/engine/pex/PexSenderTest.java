package org.yamtorrent.engine.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;

class PexSenderTest {

    @Test
    void sendsDiffsAtMostOnceAMinuteAndFiftyAtATime() throws Exception {
        List<PexPeer> connected = new ArrayList<>(PexReceiverTest.peers(0, 120));
        PexPeer self = connected.get(0);
        PexSender sender = new PexSender(self.address());
        long now = 0;
        PexMessage first = sender.next(connected, now);
        assertEquals(PexSender.MAX_ADDED, first.added().size());
        assertFalse(first.added().contains(self), "a peer is not told about itself");
        assertNull(sender.next(connected, now + PexSender.INTERVAL_MILLIS - 1), "not twice a minute");
        now += PexSender.INTERVAL_MILLIS;
        PexMessage second = sender.next(connected, now);
        assertEquals(50, second.added().size());
        assertTrue(second.added().stream().noneMatch(first.added()::contains), "only what is new to it");
        now += PexSender.INTERVAL_MILLIS;
        assertEquals(19, sender.next(connected, now).added().size(), "119 others in all");
        now += PexSender.INTERVAL_MILLIS;
        assertNull(sender.next(connected, now), "nothing new");
        PexPeer gone = connected.remove(5);
        now += PexSender.INTERVAL_MILLIS;
        PexMessage fourth = sender.next(connected, now);
        assertEquals(List.of(gone.address()), fourth.dropped());
        assertTrue(fourth.added().isEmpty());
    }

    @Test
    void neverOnPrivateTorrentsNorBeforeTheMetadata() {
        assertFalse(PexSender.allowed(null));
        assertFalse(PexSender.allowed(torrent(true)));
        assertTrue(PexSender.allowed(torrent(false)));
    }

    private static Metainfo torrent(boolean privateTorrent) {
        Map<String, Object> info = new HashMap<>(Map.of("length", 1, "name", "x", "piece length", 16384,
                "pieces", new byte[20]));
        if (privateTorrent) {
            info.put("private", 1);
        }
        return MetainfoReader.read(BencodeWriter.encode(Map.of("info", info)));
    }
}
