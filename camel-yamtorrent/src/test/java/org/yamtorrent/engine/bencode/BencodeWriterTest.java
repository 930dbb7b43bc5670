package org.yamtorrent.engine.bencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BencodeWriterTest {

    private static String encode(Object value) {
        return new String(BencodeWriter.encode(value), StandardCharsets.ISO_8859_1);
    }

    @Test
    void scalarsAndLists() {
        assertEquals("i0e", encode(0));
        assertEquals("i-42e", encode(-42L));
        assertEquals("i9223372036854775807e", encode(Long.MAX_VALUE));
        assertEquals("4:spam", encode("spam"));
        assertEquals("0:", encode(""));
        assertEquals("l4:spami3ee", encode(List.of("spam", 3)));
        assertEquals("2:\u00c3\u00a4", encode("\u00e4"), "strings are UTF-8");
    }

    @Test
    void binaryStringsAreWrittenExactly() {
        byte[] binary = {0, (byte) 0xff, 'e', ':', 10};
        assertEquals("5:\u0000\u00ffe:\n", encode(binary));
        ByteBuffer window = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9}, 2, 3).slice();
        assertEquals("3:\u0001\u0002\u0003", encode(window), "only the remaining bytes of a slice");
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 'h').put((byte) 'i').flip();
        assertEquals("2:hi", encode(direct));
        assertEquals(2, direct.remaining(), "the buffer is not consumed");
    }

    @Test
    void keysSortedAsRawBytes() {
        Map<Object, Object> m = new HashMap<>();
        m.put("b", 1);
        m.put("a", 2);
        m.put("B", 3);
        m.put("piece length", 4);
        m.put("pieces", 5);
        assertEquals("d1:Bi3e1:ai2e1:bi1e12:piece lengthi4e6:piecesi5ee", encode(m));
        // U+FFFD (EF BF BD) sorts after U+1F600 (F0 9F 98 80) in UTF-16 order but before it as bytes
        Map<String, Object> unicode = new LinkedHashMap<>();
        unicode.put("\uD83D\uDE00", 1);
        unicode.put("\uFFFD", 2);
        assertEquals("d3:\u00ef\u00bf\u00bdi2e4:\u00f0\u009f\u0098\u0080i1ee", encode(unicode));
        Map<Object, Object> bytesKeys = new LinkedHashMap<>();
        bytesKeys.put(new byte[] {(byte) 0x80}, 1);
        bytesKeys.put(new byte[] {0x7f}, 2);
        assertEquals("d1:\u007fi2e1:\u0080i1ee", encode(bytesKeys));
    }

    @Test
    void nestedDictionaries() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "x");
        info.put("length", 3);
        assertEquals("d4:infod6:lengthi3e4:name1:xee", encode(Map.of("info", info)));
    }

    @Test
    void unsupportedValuesAndDuplicateKeysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BencodeWriter.encode(1.5));
        assertThrows(IllegalArgumentException.class, () -> BencodeWriter.encode(null));
        assertThrows(IllegalArgumentException.class, () -> BencodeWriter.encode(Map.of(1, 2)));
        Map<Object, Object> dup = new LinkedHashMap<>();
        dup.put("k", 1);
        dup.put("k".getBytes(StandardCharsets.UTF_8), 2);
        assertThrows(IllegalArgumentException.class, () -> BencodeWriter.encode(dup));
    }
}
