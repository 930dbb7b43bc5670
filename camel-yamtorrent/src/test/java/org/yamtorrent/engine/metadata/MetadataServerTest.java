package org.yamtorrent.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;

class MetadataServerTest {

    private static final MagnetUri NO_TRACKERS = MagnetUri.parse("magnet:?xt=urn:btih:" + "0".repeat(40));

    @Test
    void servesEveryPieceAndRejectsBeyondTheEnd() {
        byte[] info = InfoDictionaries.of(2000, false); // ~40 KB: three pieces, the last one short
        MetadataServer server = new MetadataServer(TorrentFile.metainfo(TorrentFile.bytes(info, NO_TRACKERS),
                InfoHash.sha1(info, 0, info.length)));
        assertEquals(info.length, server.metadataSize());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int piece = 0; piece < 3; piece++) {
            MetadataMessage.Data d = (MetadataMessage.Data) server.answer(new MetadataMessage.Request(piece));
            assertEquals(info.length, d.totalSize());
            joined.writeBytes(d.bytes());
        }
        assertArrayEquals(info, joined.toByteArray());
        assertEquals(new MetadataMessage.Reject(3), server.answer(new MetadataMessage.Request(3)));
        assertEquals(new MetadataMessage.Reject(Integer.MAX_VALUE), server.answer(new MetadataMessage.Request(Integer.MAX_VALUE)));
    }

    @Test
    void privateTorrentsRejectEverything() {
        byte[] info = InfoDictionaries.of(10, true);
        Metainfo m = TorrentFile.metainfo(TorrentFile.bytes(info, NO_TRACKERS),
                InfoHash.sha1(info, 0, info.length));
        MetadataServer server = new MetadataServer(m);
        assertEquals(0, server.metadataSize());
        assertEquals(new MetadataMessage.Reject(0), server.answer(new MetadataMessage.Request(0)));
    }
}
