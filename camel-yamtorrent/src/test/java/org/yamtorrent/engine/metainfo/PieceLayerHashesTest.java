package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What we serve to a BEP 52 hash request: base hashes from a file's piece layer and the uncles that prove them,
 * checked by hashing them back up to the file's pieces root, as the requester does.
 */
class PieceLayerHashesTest {

    private static final int PIECE = 32 * 1024;
    /** 9 pieces: a piece layer padded to 16, a tree 4 layers above the piece layer. */
    private static final int LENGTH = 9 * PIECE - 1000;
    private static final int BASE = 1;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"0, 2, 3", "2, 2, 1", "4, 4, 3", "8, 8, 3", "12, 4, 2", "0, 16, 0", "0, 16, 3"})
    void theHashesAndTheirProofHashUpToThePiecesRoot(int index, int length, int proofLayers) throws Exception {
        PieceLayers layers = v2().pieceLayers();
        byte[] root = layers.piecesRoot(0);
        byte[] answer = layers.hashes(root, BASE, index, length, proofLayers);
        int height = Integer.numberOfTrailingZeros(length);
        int uncles = Math.max(0, proofLayers - (height - 1));
        assertEquals((length + uncles) * 32, answer.length, "base hashes, then one uncle per proof layer not omitted");
        byte[][] level = new byte[length][];
        for (int i = 0; i < length; i++) {
            level[i] = Arrays.copyOfRange(answer, i * 32, i * 32 + 32);
        }
        byte[] node = MerkleTree.root(level, length);
        int pos = index / length;
        for (int u = 0; u < uncles; u++) {
            byte[] uncle = Arrays.copyOfRange(answer, (length + u) * 32, (length + u + 1) * 32);
            node = (pos & 1) == 0 ? pair(node, uncle) : pair(uncle, node);
            pos >>= 1;
        }
        byte[] layer = layers.layer(root);
        int top = height + uncles;
        byte[][] padded = new byte[16][];
        for (int i = 0; i < 16; i++) {
            padded[i] = i < 9 ? Arrays.copyOfRange(layer, i * 32, i * 32 + 32) : MerkleTree.zeroPiece(PIECE);
        }
        int first = (index >> top) << top;
        assertArrayEquals(MerkleTree.root(Arrays.copyOfRange(padded, first, first + (1 << top)), 1 << top), node,
                "the proof hashes up to the tree's node " + top + " layers above the pieces");
        if (top == 4) {
            assertArrayEquals(root, node, "a full proof reaches the pieces root");
        }
        for (int i = 0; i < length; i++) {
            assertArrayEquals(padded[index + i], level[i], "base hash " + (index + i));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 2, 0", "2, 0, 2, 0", "1, 3, 2, 0", "1, 16, 2, 0", "1, 14, 4, 0", "1, 0, 2, 4", "1, 0, 32, 0"})
    void whatCannotBeServedIsRejected(int base, int index, int length, int proofLayers) throws Exception {
        PieceLayers layers = v2().pieceLayers();
        assertNull(layers.hashes(layers.piecesRoot(0), base, index, length, proofLayers));
    }

    @Test
    void anUnknownRootIsRejected() throws Exception {
        assertNull(v2().pieceLayers().hashes(new byte[32], BASE, 0, 2, 0));
    }

    private Metainfo v2() throws Exception {
        Path f = tmp.resolve("nine.bin");
        Files.write(f, TestTorrents.randomBytes(LENGTH, 7));
        return MetainfoReader.read(TorrentCreator.of(f).pieceLength(PIECE)
                .metaVersion(TorrentCreator.MetaVersion.V2).create().bytes());
    }

    private static byte[] pair(byte[] left, byte[] right) {
        MessageDigest sha256 = InfoHash.newSha256();
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }
}
