package org.yamtorrent.engine.bencode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;
import org.junit.jupiter.api.Timeout;

/**
 * BencodeScanner against arbitrary bytes: it may only throw {@link BencodeException}, and whatever it accepts
 * the dampcake decoder behind it must decode into the same top-level keys, because the engine's parsers hand the
 * scanner's verdict to dampcake without catching what dampcake throws.
 */
class BencodeFuzzTest {

    @FuzzTest
    @Timeout(10)
    void scan(byte[] data) {
        Map<String, Span> spans;
        try {
            spans = BencodeScanner.scanDictionary(data);
        } catch (BencodeException expected) {
            return;
        }
        Map<String, Object> decoded = new Bencode(true).decode(data, Type.DICTIONARY);
        assertEquals(spans.keySet(), decoded.keySet(), "top-level keys");
        for (Span s : spans.values()) {
            assertTrue(s.offset() > 0 && s.end() < data.length, "span " + s + " inside the document");
        }
    }
}
