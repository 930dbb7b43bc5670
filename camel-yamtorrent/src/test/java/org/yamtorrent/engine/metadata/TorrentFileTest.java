package org.yamtorrent.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoException;

class TorrentFileTest {

    private final byte[] info = InfoDictionaries.of(100, false);
    private final InfoHash hash = InfoHash.sha1(info, 0, info.length);
    private final MagnetUri magnet = MagnetUri.parse("magnet:?xt=urn:btih:" + hash.hex()
            + "&tr=http://127.0.0.1:1/announce&tr=udp://127.0.0.1:2&ws=http://127.0.0.1:3/payload.bin");

    @Test
    void wrapsTheInfoDictionaryWithTheMagnetsTrackers() {
        Metainfo m = TorrentFile.metainfo(TorrentFile.bytes(info, magnet), hash);
        assertEquals(hash, m.infoHash());
        assertArrayEquals(info, m.rawInfo());
        assertEquals(List.of(List.of("http://127.0.0.1:1/announce"), List.of("udp://127.0.0.1:2")), m.trackerTiers());
        assertEquals(List.of("http://127.0.0.1:3/payload.bin"), m.urlList());
        assertEquals(100, m.pieceCount());
        Metainfo bare = TorrentFile.metainfo(TorrentFile.bytes(info, MagnetUri.parse("magnet:?xt=urn:btih:" + hash.hex())), hash);
        assertTrue(bare.trackerTiers().isEmpty());
    }

    @Test
    void anotherHashOrABadDictionaryIsRefused() {
        InfoHash other = InfoHash.fromHex("1".repeat(40));
        assertEquals("metadata has info-hash " + hash + ", not " + other,
                assertThrows(MetainfoException.class, () -> TorrentFile.metainfo(TorrentFile.bytes(info, magnet), other)).getMessage());
        byte[] notInfo = "d4:name1:xe".getBytes();
        assertThrows(MetainfoException.class, () -> TorrentFile.metainfo(TorrentFile.bytes(notInfo, magnet),
                InfoHash.sha1(notInfo, 0, notInfo.length)));
    }

    @Test
    void savedBesideTheResumeRecordAndReadBack(@TempDir Path dir) throws Exception {
        Path resume = dir.resolve(".yamtorrent/resume/" + hash.hex() + ".resume");
        Path file = TorrentFile.beside(resume, hash);
        assertEquals(resume.resolveSibling(hash.hex() + ".torrent"), file);
        assertNull(TorrentFile.load(file, hash), "nothing saved yet");
        TorrentFile.save(file, TorrentFile.bytes(info, magnet));
        Metainfo m = TorrentFile.load(file, hash);
        assertArrayEquals(info, m.rawInfo());
        assertEquals(2, m.trackerTiers().size());
        InfoHash other = InfoHash.fromHex("2".repeat(40));
        assertThrows(MetainfoException.class, () -> TorrentFile.load(file, other));
        Files.write(file, new byte[] {'d'});
        assertThrows(MetainfoException.class, () -> TorrentFile.load(file, hash), "a damaged file is a typed error");
    }
}
