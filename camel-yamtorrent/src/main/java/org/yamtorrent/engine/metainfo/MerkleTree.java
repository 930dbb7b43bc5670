package org.yamtorrent.engine.metainfo;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * The SHA-256 merkle trees of BEP 52. A file's leaves are the hashes of its 16 KiB blocks (the last one may be
 * shorter); a tree's leaf count is a power of two, the missing leaves being 32 zero bytes; a node is the hash of
 * its two children concatenated. A piece is the subtree over its {@code pieceLength / 16 KiB} leaves, and a file's
 * {@code pieces root} is the root over its pieces, padded with the root of an all-zero piece.
 *
 * <p>Stateless; each call uses its own digest, so any thread may call.
 */
public final class MerkleTree {

    /** The leaf size: 16 KiB, the block size of the wire protocol. */
    public static final int BLOCK = 16 * 1024;
    public static final int HASH = 32;

    private MerkleTree() {
    }

    /** The hashes of {@code data}'s 16 KiB blocks, from its position to its limit (not consumed). */
    public static byte[][] blockHashes(ByteBuffer data) {
        ByteBuffer d = data.duplicate();
        int count = (d.remaining() + BLOCK - 1) / BLOCK;
        byte[][] leaves = new byte[count][];
        MessageDigest sha256 = InfoHash.newSha256();
        for (int i = 0; i < count; i++) {
            ByteBuffer block = d.slice().limit(Math.min(BLOCK, d.remaining()));
            sha256.update(block);
            leaves[i] = sha256.digest();
            d.position(d.position() + block.limit());
        }
        return leaves;
    }

    /**
     * The root of a tree of {@code width} leaves, a power of two no smaller than {@code leaves.length}, whose
     * first leaves are {@code leaves} and whose others are {@code padding}.
     */
    public static byte[] root(byte[][] leaves, int width, byte[] padding) {
        if (Integer.bitCount(width) != 1 || width < leaves.length) {
            throw new IllegalArgumentException("a tree of " + width + " leaves cannot hold " + leaves.length);
        }
        MessageDigest sha256 = InfoHash.newSha256();
        byte[][] level = leaves;
        byte[] pad = padding;
        for (int w = width; w > 1; w >>= 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                sha256.update(level[2 * i]);
                sha256.update(2 * i + 1 < level.length ? level[2 * i + 1] : pad);
                up[i] = sha256.digest();
            }
            sha256.update(pad);
            sha256.update(pad);
            pad = sha256.digest();
            level = up;
        }
        return level.length == 0 ? pad : level[0];
    }

    /** The root of a tree of {@code width} leaves padded with zero hashes. */
    public static byte[] root(byte[][] leaves, int width) {
        return root(leaves, width, new byte[HASH]);
    }

    /** The root of a piece of {@code pieceLength} bytes that holds only zeros past the file: its padding hash. */
    public static byte[] zeroPiece(int pieceLength) {
        return root(new byte[0][], pieceLength / BLOCK);
    }

    /** The smallest power of two that is at least {@code n} (1 for 0). */
    public static int width(long n) {
        if (n > 1 << 30) {
            throw new IllegalArgumentException(n + " leaves are too many for one tree");
        }
        return n <= 1 ? 1 : Integer.highestOneBit((int) n - 1) << 1;
    }

    /**
     * The hash a piece verifies against: for a file of more than one piece, the subtree over the piece's
     * {@code pieceLength / 16 KiB} leaves (its entry in the piece layer); for a file of one piece, the file's
     * pieces root, whose tree is only as wide as the file's blocks need.
     *
     * @param data       the piece's bytes that belong to the file (a hybrid torrent's padding excluded)
     * @param onlyPiece  whether the file has just this one piece
     */
    public static byte[] pieceHash(ByteBuffer data, int pieceLength, boolean onlyPiece) {
        byte[][] leaves = blockHashes(data);
        return root(leaves, onlyPiece ? width(leaves.length) : pieceLength / BLOCK);
    }

    /** A file's pieces root from its piece layer (the concatenated piece hashes). */
    public static byte[] layerRoot(byte[] layer, int pieceLength) {
        byte[][] pieces = new byte[layer.length / HASH][];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = java.util.Arrays.copyOfRange(layer, i * HASH, (i + 1) * HASH);
        }
        return root(pieces, width(pieces.length), zeroPiece(pieceLength));
    }

    /**
     * Whether {@code base}, {@code base.length} consecutive nodes (a power of two) of one layer starting at
     * {@code index} (a multiple of that count), and {@code uncles}, the sibling of their subtree and of each
     * ancestor, lowest first, lead to {@code root}: what BEP 52's hashes message proves.
     */
    public static boolean proves(byte[] root, byte[][] base, int index, byte[][] uncles) {
        if (base.length == 0 || Integer.bitCount(base.length) != 1 || index % base.length != 0) {
            return false;
        }
        MessageDigest sha256 = InfoHash.newSha256();
        byte[] node = root(base, base.length);
        long position = index / base.length;
        for (byte[] uncle : uncles) {
            sha256.update(position % 2 == 0 ? node : uncle);
            sha256.update(position % 2 == 0 ? uncle : node);
            node = sha256.digest();
            position >>= 1;
        }
        return position == 0 && java.util.Arrays.equals(node, root);
    }
}
