package org.yamtorrent.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BitfieldTest {

    @Test
    void wireLayoutIsHighBitFirst() {
        Bitfield b = new Bitfield(10);
        b.set(0);
        b.set(9);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x40}, b.toBytes());
        assertEquals(b, Bitfield.fromBytes(new byte[] {(byte) 0x80, 0x40}, 10));
    }

    @Test
    void rejectsWrongLengthAndSpareBits() {
        assertNull(Bitfield.fromBytes(new byte[3], 10));
        assertNull(Bitfield.fromBytes(new byte[] {0, 0x20}, 10));
        assertEquals(0, Bitfield.fromBytes(new byte[2], 10).cardinality());
    }

    @Test
    void scansAcrossWords() {
        Bitfield b = new Bitfield(200);
        for (int i = 0; i < 200; i++) {
            if (i != 130) {
                b.set(i);
            }
        }
        assertEquals(130, b.nextClear(0));
        assertEquals(-1, b.nextClear(131));
        assertEquals(131, b.nextSet(130));
        assertEquals(199, b.cardinality());
        assertFalse(b.isComplete());
        b.set(130);
        assertTrue(b.isComplete());
        assertTrue(b.clear(5));
        assertFalse(b.clear(5));
        assertEquals(5, b.nextClear(0));
        Bitfield empty = new Bitfield(70);
        assertEquals(-1, empty.nextSet(0));
        assertEquals(69, empty.nextClear(69));
    }
}
