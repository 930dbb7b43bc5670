package org.yamtorrent.engine.metainfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BEP 52 half of {@link TorrentCreator}: hashes each file into its merkle tree and writes the {@code file
 * tree} and {@code piece layers} values, as libtorrent 2 writes them.
 */
final class FileTreeWriter {

    /** One file's v2 hashes: its root (null when empty) and its piece layer (null for one piece or none). */
    record FileHashes(byte[] piecesRoot, byte[] layer) {
    }

    private final int pieceLength;
    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Map<byte[], Object> layers = new LinkedHashMap<>();

    FileTreeWriter(int pieceLength) {
        this.pieceLength = pieceLength;
    }

    /**
     * Hashes {@code file} ({@code length} bytes) and adds it to the tree at {@code path} (below the torrent's
     * name; for a single-file torrent, the name itself).
     */
    FileTree.TreeFile add(List<String> path, Path file, long length) throws IOException {
        FileHashes h = hash(file, length, pieceLength);
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("length", length);
        if (h.piecesRoot() != null) {
            leaf.put("pieces root", h.piecesRoot());
        }
        directory(path).put(path.get(path.size() - 1), Map.of("", leaf));
        if (h.layer() != null) {
            layers.put(h.piecesRoot(), h.layer());
        }
        return new FileTree.TreeFile(List.copyOf(path), length, h.piecesRoot());
    }

    Map<String, Object> fileTree() {
        return tree;
    }

    /** The {@code piece layers} dictionary; empty when every file fits in one piece. */
    Map<byte[], Object> pieceLayers() {
        return layers;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> directory(List<String> path) {
        Map<String, Object> dir = tree;
        for (String c : path.subList(0, path.size() - 1)) {
            dir = (Map<String, Object>) dir.computeIfAbsent(c, k -> new LinkedHashMap<String, Object>());
        }
        return dir;
    }

    /** Streams the file once, one 16 KiB leaf at a time, into its piece hashes and root. */
    static FileHashes hash(Path file, long length, int pieceLength) throws IOException {
        if (length == 0) {
            return new FileHashes(null, null);
        }
        int leavesPerPiece = pieceLength / MerkleTree.BLOCK;
        long pieces = (length + pieceLength - 1) / pieceLength;
        byte[] layer = new byte[Math.toIntExact(pieces * MerkleTree.HASH)];
        ByteBuffer buffer = ByteBuffer.allocate(pieceLength);
        byte[] only = null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long p = 0; p < pieces; p++) {
                int size = (int) Math.min(pieceLength, length - p * pieceLength);
                buffer.clear().limit(size);
                for (long pos = p * pieceLength; buffer.hasRemaining(); ) {
                    int n = ch.read(buffer, pos);
                    if (n < 0) {
                        throw new IOException(file + " shrank below " + length + " bytes while being hashed");
                    }
                    pos += n;
                }
                buffer.flip();
                byte[][] leaves = MerkleTree.blockHashes(buffer);
                if (pieces == 1) {
                    only = MerkleTree.root(leaves, MerkleTree.width(leaves.length));
                } else {
                    System.arraycopy(MerkleTree.root(leaves, leavesPerPiece), 0, layer, (int) p * MerkleTree.HASH,
                            MerkleTree.HASH);
                }
            }
        }
        return pieces == 1 ? new FileHashes(only, null)
                : new FileHashes(MerkleTree.layerRoot(layer, pieceLength), layer);
    }

    /**
     * The v1 {@code files} list of a hybrid torrent from its layout, as libtorrent writes it: pad files (BEP 47)
     * named {@code .pad/<length>} with attribute "p"; paths below the torrent's name.
     */
    static List<Object> v1Files(List<FileEntry> layout) {
        List<Object> out = new ArrayList<>(layout.size());
        for (FileEntry f : layout) {
            Map<String, Object> file = new LinkedHashMap<>();
            if (f.isPadding()) {
                file.put("attr", f.attr());
            }
            file.put("length", f.length());
            file.put("path", f.path().subList(1, f.path().size()));
            out.add(file);
        }
        return out;
    }
}
