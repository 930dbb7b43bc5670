package org.yamtorrent.engine.bencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BencodeReaderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesADictionaryWithBytesLongsAndLists() {
        Map<String, Object> d = BencodeReader.dictionary(b("d1:ai42e1:b3:xyz1:lli1ei2eee"));
        assertEquals(42L, d.get("a"));
        assertEquals(ByteBuffer.wrap(b("xyz")), d.get("b"));
        assertEquals(List.of(1L, 2L), d.get("l"));
    }

    @Test
    void aSliceIsDecodedWithoutItsSurroundings() {
        byte[] data = b("XXd1:ai1eeYY");
        assertEquals(1L, BencodeReader.dictionary(data, 2, 8).get("a"));
    }

    @Test
    void aPrefixLeavesTheTrailingBytes() {
        byte[] data = b("d8:msg_typei1e5:piecei0eeRAWDATA");
        BencodeReader.Prefix p = BencodeReader.dictionaryPrefix(data, 0, data.length);
        assertEquals(1L, p.dictionary().get("msg_type"));
        assertEquals("RAWDATA", new String(data, p.end(), data.length - p.end(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void hostileInputGetsATypedErrorNamingTheProblem() {
        BencodeException truncated = assertThrows(BencodeException.class, () -> BencodeReader.dictionary(b("d1:a5:ab")));
        assertTrue(truncated.getMessage().contains("length"), truncated.getMessage());
        assertThrows(BencodeException.class, () -> BencodeReader.dictionary(b("d1:ai99999999999999999999ee")));
        assertThrows(BencodeException.class, () -> BencodeReader.dictionary(b("d1:ai1eetrailing")));
        assertThrows(BencodeException.class, () -> BencodeReader.dictionaryPrefix(b("l1:ae"), 0, 5));
        assertThrows(BencodeException.class, () -> BencodeReader.dictionaryPrefix(b("d1:ai1e"), 0, 7));
    }
}
