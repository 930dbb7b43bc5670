package org.yamtorrent.engine.metainfo;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The v2 hashes of a torrent (BEP 52): each file's {@code pieces root} and, for files longer than one piece, its
 * piece layer, checked against that root when read. Every v2 piece lies in exactly one file, since files start on
 * piece boundaries. Immutable.
 */
public final class PieceLayers {

    /** The v2 hashes of one file with data. */
    record FileHashes(int fileIndex, long offset, long length, byte[] piecesRoot, byte[] layer) {
    }

    private final int pieceLength;
    private final List<FileHashes> files;
    /** For each piece, the index into {@link #files} of the file holding it. */
    private final int[] pieceFile;

    /**
     * @param files  the files with data, in payload order, each starting on a piece boundary and with a layer
     *               exactly when longer than one piece
     */
    PieceLayers(int pieceLength, List<FileHashes> files, int pieceCount) {
        this.pieceLength = pieceLength;
        this.files = List.copyOf(files);
        this.pieceFile = new int[pieceCount];
        Arrays.fill(pieceFile, -1);
        for (int f = 0; f < this.files.size(); f++) {
            FileHashes h = this.files.get(f);
            int first = (int) (h.offset() / pieceLength);
            Arrays.fill(pieceFile, first, first + pieces(h.length()), f);
        }
    }

    /**
     * Checks one file's layer against its root.
     *
     * @throws MetainfoException naming the file when the layer is missing, has the wrong size or does not hash to
     *                           the root
     */
    static void check(String where, long length, int pieceLength, byte[] root, byte[] layer) {
        long pieces = (length + pieceLength - 1) / pieceLength;
        if (pieces <= 1) {
            return;
        }
        String hex = HexFormat.of().formatHex(root);
        if (layer == null) {
            throw new MetainfoException("piece layers has no entry for " + where + " (pieces root " + hex + ")");
        }
        if (layer.length != pieces * MerkleTree.HASH) {
            throw new MetainfoException("piece layers entry for " + where + " has " + layer.length
                    + " bytes; its " + pieces + " pieces need " + pieces * MerkleTree.HASH);
        }
        if (!Arrays.equals(MerkleTree.layerRoot(layer, pieceLength), root)) {
            throw new MetainfoException("piece layers entry for " + where + " does not hash to its pieces root " + hex);
        }
    }

    /** Whether {@code piece}'s bytes (position to limit; bytes past the file's end, a hybrid torrent's padding, are ignored) verify. */
    public boolean verify(int piece, ByteBuffer data) {
        FileHashes f = files.get(pieceFile[piece]);
        long inFile = (long) piece * pieceLength - f.offset();
        int size = (int) Math.min(pieceLength, f.length() - inFile);
        if (data.remaining() < size) {
            return false;
        }
        ByteBuffer own = data.duplicate().limit(data.position() + size);
        boolean only = f.layer() == null;
        byte[] hash = MerkleTree.pieceHash(own, pieceLength, only);
        if (only) {
            return Arrays.equals(hash, f.piecesRoot());
        }
        int k = (int) (inFile / pieceLength) * MerkleTree.HASH;
        return Arrays.equals(f.layer(), k, k + MerkleTree.HASH, hash, 0, MerkleTree.HASH);
    }

    /** The pieces root of file {@code fileIndex} of {@link Metainfo#files()}, or null for an empty or pad file. */
    public byte[] piecesRoot(int fileIndex) {
        for (FileHashes f : files) {
            if (f.fileIndex() == fileIndex) {
                return f.piecesRoot().clone();
            }
        }
        return null;
    }

    /** The piece layer of a file by its pieces root, as BEP 52 stores it; null for a file of one piece. */
    public byte[] layer(byte[] piecesRoot) {
        for (FileHashes f : files) {
            if (Arrays.equals(f.piecesRoot(), piecesRoot)) {
                return f.layer() == null ? null : f.layer().clone();
            }
        }
        return null;
    }

    /**
     * The hashes BEP 52's hashes message carries for a range of a file's piece layer: {@code length} hashes from
     * {@code index} (past the last piece, the padding hash of an all-zero piece), then one uncle for each proof
     * layer above those the base hashes give, lowest first. Only the piece layer is served as a base layer (its
     * number is log2 of the piece length over 16 KiB): the leaf layer would need the data.
     *
     * @return the hashes concatenated, or null when the request cannot be served: another base layer, a root we do
     *         not know, a file of one piece, or a range or proof reaching outside the tree
     */
    public byte[] hashes(byte[] piecesRoot, int baseLayer, int index, int length, int proofLayers) {
        byte[] layer = null;
        for (FileHashes f : files) {
            if (Arrays.equals(f.piecesRoot(), piecesRoot)) {
                layer = f.layer();
            }
        }
        int width = layer == null ? 0 : MerkleTree.width(layer.length / MerkleTree.HASH);
        int height = Integer.numberOfTrailingZeros(width);
        int skipped = Integer.numberOfTrailingZeros(length) - 1;
        boolean pieceLayer = baseLayer == Integer.numberOfTrailingZeros(pieceLength / MerkleTree.BLOCK);
        if (layer == null || !pieceLayer || length < 2 || index < 0 || index % length != 0
                || (long) index + length > width || proofLayers >= height) {
            return null;
        }
        byte[][] nodes = nodes(layer, width);
        byte[] pad = MerkleTree.zeroPiece(pieceLength);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = index; i < index + length; i++) {
            out.writeBytes(nodes[i]);
        }
        for (int level = skipped + 1; level <= proofLayers; level++) {
            int sibling = (index >> level) ^ 1;
            out.writeBytes(MerkleTree.root(Arrays.copyOfRange(nodes, sibling << level, (sibling + 1) << level),
                    1 << level, pad));
        }
        return out.toByteArray();
    }

    /** A layer's hashes one by one, padded to {@code width} with the hash of an all-zero piece. */
    private byte[][] nodes(byte[] layer, int width) {
        byte[][] nodes = new byte[width][];
        byte[] pad = MerkleTree.zeroPiece(pieceLength);
        for (int i = 0; i < width; i++) {
            nodes[i] = i * MerkleTree.HASH < layer.length
                    ? Arrays.copyOfRange(layer, i * MerkleTree.HASH, (i + 1) * MerkleTree.HASH) : pad;
        }
        return nodes;
    }

    private int pieces(long length) {
        return (int) ((length + pieceLength - 1) / pieceLength);
    }
}
