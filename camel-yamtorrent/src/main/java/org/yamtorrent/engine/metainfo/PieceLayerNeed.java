package org.yamtorrent.engine.metainfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;

/**
 * A piece layer a v2 info dictionary needs but does not carry (BEP 52 keeps piece layers outside the info
 * dictionary, so metadata fetched from peers has none): the file's {@code pieces root} and its piece count. Files
 * of one piece need none; their root is their piece's hash.
 *
 * @param piecesRoot  the 32-byte root the layer must hash to
 * @param pieceCount  the file's pieces: the layer has that many 32-byte hashes
 * @param pieceLength the torrent's piece length, a power of two of at least 16 KiB
 */
public record PieceLayerNeed(byte[] piecesRoot, int pieceCount, int pieceLength) {

    public PieceLayerNeed {
        piecesRoot = piecesRoot.clone();
    }

    @Override
    public byte[] piecesRoot() {
        return piecesRoot.clone();
    }

    /**
     * The piece layers a verified info dictionary needs; empty for a v1 one.
     *
     * @throws MetainfoException when the dictionary is not a valid v2 or hybrid one
     */
    public static List<PieceLayerNeed> of(byte[] rawInfo) {
        Map<String, Object> map;
        try {
            map = BencodeReader.dictionary(rawInfo);
        } catch (BencodeException e) {
            throw new MetainfoException("info is not a bencoded dictionary: " + e.getMessage(), e);
        }
        Fields info = new Fields("info", map);
        if (!info.has("meta version") || info.integer("meta version") != 2) {
            return List.of();
        }
        long pieceLength = info.integer("piece length");
        if (Long.bitCount(pieceLength) != 1 || pieceLength < MerkleTree.BLOCK
                || pieceLength > MetainfoReader.MAX_PIECE_LENGTH) {
            throw new MetainfoException("info.piece length " + pieceLength
                    + " is not a power of two of at least 16 KiB, as BEP 52 requires");
        }
        List<PieceLayerNeed> needs = new ArrayList<>();
        for (FileTree.TreeFile f : FileTree.read(info)) {
            long pieces = (f.length() + pieceLength - 1) / pieceLength;
            if (pieces > MetainfoReader.MAX_PIECES) {
                throw new MetainfoException("info.file tree " + String.join("/", f.path()) + " has " + pieces
                        + " pieces, more than the limit of " + MetainfoReader.MAX_PIECES);
            }
            if (pieces > 1) {
                needs.add(new PieceLayerNeed(f.piecesRoot(), (int) pieces, (int) pieceLength));
            }
        }
        return needs;
    }
}
