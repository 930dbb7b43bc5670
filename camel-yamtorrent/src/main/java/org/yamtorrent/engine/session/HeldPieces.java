package org.yamtorrent.engine.session;

import java.util.BitSet;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/**
 * What a peer said it has before we know the torrent's piece count (a magnet link whose metadata is still on its
 * way): its bitfield, have-all or have-none, and its haves, kept unchecked but bounded by the most pieces metadata
 * within the metadata size cap can describe, and checked exactly by {@link #resolve} once the count is known.
 * Guarded by the owning {@link Swarm}'s lock.
 */
final class HeldPieces {

    /**
     * The most pieces a torrent whose info dictionary fits the metadata cap can have: 20 bytes of hash each. It
     * bounds what one peer can make us hold (a bitfield of about 100 KiB) before the metadata arrives.
     */
    static final int MAX_PIECES = Math.min(MetainfoReader.MAX_PIECES, MetainfoReader.DEFAULT_MAX_BYTES / Sha1.LENGTH);

    private PeerMessage.Bitfield bitfield;
    private boolean haveAll;
    private final BitSet haves = new BitSet();

    void bitfield(PeerMessage.Bitfield b) {
        if (b.bytes().length > Bitfield.byteLength(MAX_PIECES)) {
            throw new WireException("bitfield of " + b.bytes().length + " bytes before the metadata is above the "
                    + "bound of " + MAX_PIECES + " pieces");
        }
        bitfield = b;
        haveAll = false;
        haves.clear();
    }

    void haveAll(boolean all) {
        bitfield = null;
        haveAll = all;
        haves.clear();
    }

    void have(int index) {
        if (index < 0 || index >= MAX_PIECES) {
            throw new WireException("have " + index + " before the metadata is outside 0.." + (MAX_PIECES - 1));
        }
        haves.set(index);
    }

    /**
     * The peer's pieces, now that the torrent has {@code pieceCount} of them.
     *
     * @throws WireException when what it sent does not fit: BEP 3 says to drop such a peer
     */
    Bitfield resolve(int pieceCount) {
        Bitfield has = bitfield != null ? bitfield.toBitfield(pieceCount) : new Bitfield(pieceCount);
        if (haveAll) {
            for (int i = 0; i < pieceCount; i++) {
                has.set(i);
            }
        }
        int last = haves.length() - 1;
        if (last >= pieceCount) {
            throw new WireException("have " + last + " is outside 0.." + (pieceCount - 1));
        }
        for (int i = haves.nextSetBit(0); i >= 0; i = haves.nextSetBit(i + 1)) {
            has.set(i);
        }
        return has;
    }
}
