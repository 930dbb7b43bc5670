package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The caps on what a .torrent may ask of us, each refused with a message that names it. (The size cap is in
 * MetainfoReaderTest, the magnet link's in MagnetUriTest.)
 */
@Timeout(60)
class MetainfoLimitsTest {

    @Test
    void pieceCountOverTheCapIsRefused() {
        int count = MetainfoReader.MAX_PIECES + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "d4:infod6:lengthi" + (long) count * 16384 + "e4:name1:x12:piece lengthi16384e6:pieces"
                + 20L * count + ":");
        out.writeBytes(new byte[20 * count]);
        ascii(out, "ee");
        byte[] torrent = out.toByteArray();
        assertEquals("torrent of " + torrent.length + " bytes is larger than the limit of 16777216",
                assertThrows(MetainfoException.class, () -> MetainfoReader.read(torrent)).getMessage());
        assertEquals("info.pieces holds 2097153 hashes, more than the limit of 2097152",
                assertThrows(MetainfoException.class, () -> new MetainfoReader(64 << 20).parse(torrent)).getMessage());
    }

    @Test
    void fileCountOverTheCapIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "d4:infod5:filesl");
        ascii(out, "i0e".repeat(MetainfoReader.MAX_FILES + 1));
        ascii(out, "e4:name1:x12:piece lengthi16384e6:pieces0:ee");
        assertEquals("info.files has 200001 entries, more than the limit of 200000",
                assertThrows(MetainfoException.class, () -> MetainfoReader.read(out.toByteArray())).getMessage());
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
