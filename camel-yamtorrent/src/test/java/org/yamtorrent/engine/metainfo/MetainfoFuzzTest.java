package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * .torrent files and magnet links (with BEP 53 so) from strangers: the readers may only throw {@link MetainfoException}, and what
 * they accept must be self-consistent.
 */
class MetainfoFuzzTest {

    @FuzzTest
    @Timeout(10)
    void torrent(byte[] data) {
        Metainfo m;
        try {
            m = MetainfoReader.read(data);
        } catch (MetainfoException expected) {
            return;
        }
        assertTrue(m.pieceCount() > 0 && m.totalLength() > 0, m.toString());
        int last = m.pieceCount() - 1;
        assertTrue(m.pieceSize(last) > 0 && m.pieceSize(last) <= m.pieceLength(), "last piece size");
        assertEquals((long) last * m.pieceLength() + m.pieceSize(last), m.totalLength(), "pieces cover the payload");
        long offset = 0;
        for (FileEntry f : m.files()) {
            assertEquals(offset, f.offset(), "files are contiguous");
            assertTrue(f.length() >= 0);
            for (String component : f.path()) {
                assertEquals(null, PathRules.problem(component), "path component " + component);
            }
            offset = f.end();
        }
        byte[] raw = m.rawInfo();
        assertTrue(m.infoHash().matches(raw), "every info-hash over the raw info");
        assertEquals(m.hasV1(), m.infoHash().hasV1(), "v1 hashes exactly when v1 pieces");
        assertEquals(m.pieceLayers() != null, m.infoHash().hasV2(), "v2 hash exactly when piece layers");
        m.trackerTiers().forEach(tier -> assertTrue(!tier.isEmpty()));
    }

    /** The piece layers an info dictionary from peers names (BEP 52): each is a root and more than one piece. */
    @FuzzTest
    @Timeout(10)
    void pieceLayerNeeds(byte[] data) {
        List<PieceLayerNeed> needs;
        try {
            needs = PieceLayerNeed.of(data);
        } catch (MetainfoException expected) {
            return;
        }
        needs.forEach(n -> assertTrue(n.piecesRoot().length == 32 && n.pieceCount() > 1
                && Integer.bitCount(n.pieceLength()) == 1, n.toString()));
    }

    @FuzzTest
    @Timeout(10)
    void magnet(byte[] data) {
        MagnetUri u;
        try {
            u = MagnetUri.parse(new String(data, StandardCharsets.UTF_8));
        } catch (MetainfoException expected) {
            return;
        }
        assertNotNull(u.infoHash());
        assertTrue(u.exactLength() == null || u.exactLength() >= 0);
        List.of(u.trackers(), u.peers(), u.webSeeds()).forEach(l -> l.forEach(s -> assertNotNull(s)));
        u.peers().forEach(p -> assertTrue(p.isUnresolved() && p.getPort() > 0, "x.pe " + p + " unresolved"));
        for (MagnetUri.FileRange r : u.selectedFiles()) {
            assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < MetainfoReader.MAX_FILES, "so " + r);
            assertTrue(u.selectsFile(r.first()) && u.selectsFile(r.last()), "so " + r + " selects its ends");
        }
        assertEquals(u.trackers().size(), u.trackerTiers().size(), "one tier per tracker");
    }
}
