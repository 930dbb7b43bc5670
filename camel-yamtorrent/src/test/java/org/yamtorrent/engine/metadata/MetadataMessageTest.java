package org.yamtorrent.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MetadataMessageTest {

    @Test
    void encodesAsBep9Shows() {
        assertEquals("d8:msg_typei0e5:piecei0ee", ascii(new MetadataMessage.Request(0).encode()));
        assertEquals("d8:msg_typei2e5:piecei3ee", ascii(new MetadataMessage.Reject(3).encode()));
        assertEquals("d8:msg_typei1e5:piecei1e10:total_sizei20000eexyz",
                ascii(new MetadataMessage.Data(1, 20000, "xyz".getBytes(StandardCharsets.US_ASCII)).encode()));
    }

    @Test
    void decodesWhatItEncodes() {
        byte[] piece = new byte[MetadataMessage.PIECE_SIZE];
        piece[0] = 'd'; // raw bytes after the dictionary may look like bencode
        for (MetadataMessage m : new MetadataMessage[] {new MetadataMessage.Request(7), new MetadataMessage.Reject(0),
                new MetadataMessage.Data(2, 40000, piece), new MetadataMessage.Data(0, 1, new byte[] {'e'})}) {
            assertEquals(m, MetadataMessage.decode(m.encode()));
        }
        MetadataMessage.Data d = (MetadataMessage.Data) MetadataMessage.decode(bytes("d8:msg_typei1e5:piecei0e10:total_sizei3e4:junk0:eabc"));
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), d.bytes(), "unknown keys are ignored");
    }

    @Test
    void errorsNameTheProblem() {
        assertError("ut_metadata message is not a bencoded dictionary: bencode: expected a dictionary at offset 0", "i1e");
        assertError("ut_metadata msg_type is missing or not an integer", "d5:piecei0ee");
        assertError("ut_metadata msg_type 3 is outside 0..2", "d8:msg_typei3e5:piecei0ee");
        assertError("ut_metadata piece -1 is outside 0..2147483647", "d8:msg_typei0e5:piecei-1ee");
        assertError("ut_metadata total_size is missing or not an integer", "d8:msg_typei1e5:piecei0eexyz");
        assertError("ut_metadata request has 2 bytes after its dictionary", "d8:msg_typei0e5:piecei0eexx");
        byte[] big = new MetadataMessage.Data(0, 1 << 20, new byte[MetadataMessage.PIECE_SIZE + 1]).encode();
        assertEquals("ut_metadata piece 0 has 16385 bytes, more than 16384",
                assertThrows(MetadataException.class, () -> MetadataMessage.decode(big)).getMessage());
        byte[] huge = new byte[MetadataMessage.PIECE_SIZE + MetadataMessage.MAX_DICTIONARY + 1];
        assertEquals("ut_metadata message of 16641 bytes is longer than a piece",
                assertThrows(MetadataException.class, () -> MetadataMessage.decode(huge)).getMessage());
    }

    private static void assertError(String expected, String payload) {
        assertEquals(expected, assertThrows(MetadataException.class, () -> MetadataMessage.decode(bytes(payload))).getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
