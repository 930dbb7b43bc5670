package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/** What a peer says it has before the metadata: held within bounds, checked once the piece count is known. */
class HeldPiecesTest {

    @Test
    void aBitfieldAndHavesAreCheckedAgainstThePieceCount() {
        HeldPieces held = new HeldPieces();
        held.bitfield(new PeerMessage.Bitfield(new byte[] {(byte) 0b1010_0000}));
        held.have(1);
        Bitfield has = held.resolve(3);
        assertEquals(3, has.size());
        assertTrue(has.isComplete());
        assertThrows(WireException.class, () -> held.resolve(9), "one byte cannot describe 9 pieces");
        held.have(5);
        assertThrows(WireException.class, () -> held.resolve(3), "have 5 of a 3-piece torrent");
    }

    @Test
    void spareBitsAreCaughtOnceTheCountIsKnown() {
        HeldPieces held = new HeldPieces();
        held.bitfield(new PeerMessage.Bitfield(new byte[] {(byte) 0xff}));
        assertEquals(8, held.resolve(8).cardinality());
        assertThrows(WireException.class, () -> held.resolve(5));
    }

    @Test
    void haveAllAndHaveNone() {
        HeldPieces held = new HeldPieces();
        held.have(0);
        held.haveAll(true);
        assertEquals(4, held.resolve(4).cardinality());
        held.haveAll(false);
        assertEquals(0, held.resolve(4).cardinality());
        assertEquals(0, new HeldPieces().resolve(4).cardinality(), "said nothing");
    }

    @Test
    void whatAPeerCanMakeUsHoldIsBounded() {
        HeldPieces held = new HeldPieces();
        int max = HeldPieces.MAX_PIECES;
        assertTrue(max <= 1 << 21 && max >= 100_000, "bound " + max);
        held.bitfield(new PeerMessage.Bitfield(new byte[Bitfield.byteLength(max)]));
        assertThrows(WireException.class,
                () -> held.bitfield(new PeerMessage.Bitfield(new byte[Bitfield.byteLength(max) + 1])));
        held.have(max - 1);
        assertThrows(WireException.class, () -> held.have(max));
        assertThrows(WireException.class, () -> held.have(-1));
    }
}
