package org.yamtorrent.engine.metainfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The BEP 52 {@code file tree} of a v2 or hybrid info dictionary: reading it, the piece layout it implies (every
 * file starts on a piece boundary, so v1 needs pad files between them), and the check that a hybrid torrent's v1
 * file list describes the same files.
 */
final class FileTree {

    /**
     * One file of the tree.
     *
     * @param path       the components below the torrent's name
     * @param piecesRoot the 32-byte root, null for an empty file
     */
    record TreeFile(List<String> path, long length, byte[] piecesRoot) {
    }

    /** The key that marks a file in the tree (BEP 52: a file is a dictionary holding only this key). */
    private static final String FILE = "";
    /** Tree keys sort as their bytes, which is also the order BEP 52 numbers the pieces in. */
    private static final Comparator<Object> KEY_ORDER = Comparator.comparing(
            k -> k.toString().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    /** The order of the tree's files: component by component, each compared as bytes. */
    static final Comparator<List<String>> ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = KEY_ORDER.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private FileTree() {
    }

    /** Reads {@code info.file tree} into its files in tree order. */
    static List<TreeFile> read(Fields info) {
        List<TreeFile> files = new ArrayList<>();
        walk(info.dict("file tree"), new ArrayList<>(), files);
        if (files.isEmpty()) {
            throw new MetainfoException("info.file tree holds no file");
        }
        return files;
    }

    private static void walk(Fields dir, List<String> path, List<TreeFile> out) {
        List<Object> keys = new ArrayList<>(dir.keys());
        keys.sort(KEY_ORDER);
        for (Object key : keys) {
            String name = key.toString();
            Fields node = dir.dict(name);
            if (name.isEmpty()) {
                throw new MetainfoException(dir.where + " has a file entry beside other names");
            }
            List<String> sub = new ArrayList<>(path);
            sub.add(PathRules.component(node.where, name));
            if (node.has(FILE)) {
                if (node.keys().size() != 1) {
                    throw new MetainfoException(node.where + " is a file and a directory at once");
                }
                out.add(file(node.dict(FILE), sub));
                if (out.size() > MetainfoReader.MAX_FILES) {
                    throw new MetainfoException("info.file tree has more than the limit of " + MetainfoReader.MAX_FILES
                            + " files");
                }
            } else {
                walk(node, sub, out);
            }
        }
    }

    private static TreeFile file(Fields f, List<String> path) {
        long length = f.integer("length");
        if (length < 0) {
            throw new MetainfoException(f.where + ".length " + length + " is negative");
        }
        byte[] root = null;
        if (length > 0) {
            root = f.bytes("pieces root");
            if (root.length != MerkleTree.HASH) {
                throw new MetainfoException(f.where + ".pieces root has " + root.length + " bytes, not 32");
            }
        }
        return new TreeFile(List.copyOf(path), length, root);
    }

    /** Whether the tree is a single file directly under the root: a single-file torrent. */
    static boolean isSingleFile(List<TreeFile> tree) {
        return tree.size() == 1 && tree.get(0).path().size() == 1;
    }

    /**
     * The payload layout of a v2-only torrent: the files in tree order, each but the last followed by a pad file
     * up to the next piece boundary, named as libtorrent names them ({@code .pad/<length>}).
     */
    static List<FileEntry> layout(String name, List<TreeFile> tree, int pieceLength) {
        if (isSingleFile(tree)) {
            return List.of(new FileEntry(tree.get(0).path(), tree.get(0).length(), 0, ""));
        }
        List<FileEntry> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < tree.size(); i++) {
            TreeFile t = tree.get(i);
            List<String> path = new ArrayList<>();
            path.add(name);
            path.addAll(t.path());
            files.add(new FileEntry(path, t.length(), offset, ""));
            offset += t.length();
            long pad = padding(offset, pieceLength);
            if (pad > 0 && i < tree.size() - 1) {
                files.add(new FileEntry(List.of(name, ".pad", Long.toString(pad)), pad, offset, "p"));
                offset += pad;
            }
        }
        return files;
    }

    /** Bytes from {@code offset} to the next piece boundary. */
    static long padding(long offset, int pieceLength) {
        long rest = offset % pieceLength;
        return rest == 0 ? 0 : pieceLength - rest;
    }

    /**
     * Checks that a hybrid torrent's v1 files (pad files aside) are the tree's files in tree order, and that each
     * file with data starts on a piece boundary, so v1 and v2 pieces hold the same bytes.
     */
    static void checkHybrid(List<FileEntry> v1, List<TreeFile> tree, int pieceLength) {
        List<FileEntry> real = v1.stream().filter(f -> !f.isPadding()).toList();
        if (real.size() != tree.size()) {
            throw new MetainfoException("hybrid torrent lists " + real.size() + " files in info.files but "
                    + tree.size() + " in info.file tree");
        }
        boolean single = v1.size() == 1 && v1.get(0).path().size() == 1;
        for (int i = 0; i < real.size(); i++) {
            FileEntry f = real.get(i);
            TreeFile t = tree.get(i);
            List<String> below = single ? f.path() : f.path().subList(1, f.path().size());
            if (!below.equals(t.path()) && !(single && isSingleFile(tree)) || f.length() != t.length()) {
                throw new MetainfoException("hybrid torrent: file " + i + " is " + f.relativePath() + " of "
                        + f.length() + " bytes in info.files but " + String.join("/", t.path()) + " of "
                        + t.length() + " bytes in info.file tree");
            }
            if (f.length() > 0 && f.offset() % pieceLength != 0) {
                throw new MetainfoException("hybrid torrent: file " + f.relativePath()
                        + " does not start on a piece boundary (pad files missing)");
            }
        }
    }

    /**
     * The v2 hashes of the files in {@code entries} (the layout, pad files included), with each file's piece
     * layer from {@code layers} checked against its root.
     */
    static PieceLayers layers(List<FileEntry> entries, List<TreeFile> tree, Map<ByteBuffer, byte[]> layers,
                              int pieceLength, int pieceCount) {
        List<PieceLayers.FileHashes> hashes = new ArrayList<>();
        int t = 0;
        for (int i = 0; i < entries.size(); i++) {
            FileEntry f = entries.get(i);
            if (f.isPadding()) {
                continue;
            }
            TreeFile file = tree.get(t++);
            if (file.length() == 0) {
                continue;
            }
            byte[] layer = layers.get(ByteBuffer.wrap(file.piecesRoot()));
            if (file.length() <= pieceLength) {
                layer = null;
            }
            PieceLayers.check("info.file tree " + String.join("/", file.path()), file.length(), pieceLength,
                    file.piecesRoot(), layer);
            hashes.add(new PieceLayers.FileHashes(i, f.offset(), f.length(), file.piecesRoot(), layer));
        }
        return new PieceLayers(pieceLength, hashes, pieceCount);
    }
}
