package org.yamtorrent.engine.bencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BencodeScannerTest {

    private static Map<String, Span> scan(String s) {
        return BencodeScanner.scanDictionary(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String error(String s) {
        return assertThrows(BencodeException.class, () -> scan(s)).getMessage();
    }

    @Test
    void recordsTopLevelSpans() {
        Map<String, Span> spans = scan("d1:zi1e4:infod1:ai-5ee1:bl1:xee");
        assertEquals(new Span(13, 9), spans.get("info"));
        assertEquals(new Span(4, 3), spans.get("z"));
        assertEquals(new Span(25, 5), spans.get("b"));
    }

    @Test
    void rejectsTruncatedString() {
        assertTrue(error("d4:info10:abce").contains("exceeds"));
    }

    @Test
    void rejectsHugeDeclaredStringWithoutAllocating() {
        assertTrue(error("d4:info99999999999999999999:xe").contains("exceeds"));
    }

    @Test
    void rejectsIntegersOutsideLong() {
        assertTrue(error("d1:ai9223372036854775808ee").contains("does not fit in 64 bits"));
        assertTrue(error("d1:ai-9223372036854775809ee").contains("does not fit in 64 bits"));
        assertEquals(1, scan("d1:ai-9223372036854775808ee").size());
    }

    @Test
    void rejectsMalformedIntegers() {
        assertTrue(error("d1:ai-0ee").contains("leading zero"));
        assertTrue(error("d1:ai007ee").contains("leading zero"));
        assertTrue(error("d1:aiee").contains("empty integer"));
        assertTrue(error("d1:ai12x4ee").contains("bad integer"));
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "d1:a" + "l".repeat(100) + "e".repeat(100) + "e";
        assertTrue(error(deep).contains("nesting deeper than"));
        String fine = "d1:a" + "l".repeat(60) + "e".repeat(60) + "e";
        assertEquals(1, scan(fine).size());
    }

    @Test
    void rejectsStructuralProblems() {
        assertTrue(error("l1:ae").contains("expected a dictionary"));
        assertTrue(error("di1ei2ee").contains("is not a string"));
        assertTrue(error("d1:ai1e1:ai2ee").contains("duplicate dictionary key 'a'"));
        assertTrue(error("d1:ai1eextra").contains("trailing bytes"));
        assertTrue(error("d1:ai1e").contains("truncated"));
        assertTrue(error("d1:a?e").contains("unexpected byte 0x3f"));
        assertTrue(error("d1:a01:xe").contains("leading zero"));
        assertTrue(error("").contains("expected a dictionary"));
    }
}
