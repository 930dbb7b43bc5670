package org.yamtorrent.engine.metainfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds in-memory torrents for tests, with real piece hashes. */
public final class TestTorrents {

    /**
     * The files of the BEP 52 fixtures (../shared/fixtures/bep52, copied to this package's bep52/ resources) as
     * make-payload.py writes them: path below v2demo, size; file i has bytes (j * 31 + i) % 251.
     */
    public static final Map<String, Integer> BEP52_FILES;

    static {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("a.bin", 3 * 1024 * 1024 + 17);
        files.put("sub/b.bin", 70000);
        files.put("sub/empty.bin", 0);
        files.put("c.bin", 16384);
        BEP52_FILES = java.util.Collections.unmodifiableMap(files);
    }

    private TestTorrents() {
    }

    /** Writes the BEP 52 fixtures' payload into {@code dir}/v2demo. */
    public static void writeBep52Payload(Path dir) throws IOException {
        int seed = 0;
        for (Map.Entry<String, Integer> f : BEP52_FILES.entrySet()) {
            Path file = dir.resolve("v2demo").resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, patternBytes(f.getValue(), seed++));
        }
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Deterministic bytes {@code (j * 31 + seed) % 251}: small enough to describe, so fixtures can be regenerated. */
    public static byte[] patternBytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int j = 0; j < length; j++) {
            b[j] = (byte) ((j * 31L + seed) % 251);
        }
        return b;
    }

    /** Writes each file below {@code root}; keys are paths joined with '/'. */
    public static void writeTree(Path root, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
    }

    /** A single-file torrent over {@code data}. */
    public static Metainfo singleFile(String name, byte[] data, int pieceLength) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name, data);
        return build(name, files, pieceLength, true);
    }

    /**
     * A multi-file torrent; keys are paths below the torrent's name joined with '/', in payload order. A value
     * of null marks a BEP 47 pad file of the given length in {@code padLengths}.
     */
    public static Metainfo multiFile(String name, Map<String, byte[]> files, int pieceLength) {
        return build(name, files, pieceLength, false);
    }

    /** The concatenated payload of {@code files}, as the pieces are computed over it. */
    public static byte[] payload(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static Metainfo build(String name, Map<String, byte[]> files, int pieceLength, boolean single) {
        byte[] payload = payload(files);
        Metainfo.Builder b = new Metainfo.Builder();
        b.name = name;
        b.pieceLength = pieceLength;
        b.pieces = hashPieces(payload, pieceLength);
        b.singleFile = single;
        List<FileEntry> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            List<String> path = new ArrayList<>();
            if (!single) {
                path.add(name);
            }
            path.addAll(List.of(e.getKey().split("/")));
            String attr = e.getKey().startsWith(".pad/") ? "p" : "";
            entries.add(new FileEntry(path, e.getValue().length, offset, attr));
            offset += e.getValue().length;
        }
        b.files = entries;
        b.rawInfo = name.getBytes();
        b.infoHash = InfoHash.sha1(payload, 0, Math.min(payload.length, 64));
        return b.build();
    }

    public static byte[] hashPieces(byte[] payload, int pieceLength) {
        int count = (payload.length + pieceLength - 1) / pieceLength;
        byte[] pieces = new byte[count * Sha1.LENGTH];
        MessageDigest sha1 = Sha1.newDigest();
        for (int i = 0; i < count; i++) {
            int from = i * pieceLength;
            sha1.update(payload, from, Math.min(pieceLength, payload.length - from));
            System.arraycopy(sha1.digest(), 0, pieces, i * Sha1.LENGTH, Sha1.LENGTH);
        }
        return pieces;
    }
}
