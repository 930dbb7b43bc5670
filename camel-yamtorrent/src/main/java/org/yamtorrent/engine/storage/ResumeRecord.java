package org.yamtorrent.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * What a torrent's storage looked like when it was last closed: the verified pieces and, for each non-pad file,
 * its size and modification time. A bencoded dictionary:
 * {@code {version: 1, info-hash: <40 hex digits>, pieces: <count>, bitfield: <BEP 3 bytes>,
 * files: [[size, mtime millis], ...]}}, with size and mtime -1 for a file that did not exist.
 *
 * <p>The file may be damaged or planted: {@link #read} caps its length before reading it, {@link #decode} has
 * {@link BencodeScanner} check the structure before dampcake sees it (dampcake pads a truncated string with NULs,
 * allocates a declared string length before reading it and wraps huge integers) and sanity-checks every field.
 */
record ResumeRecord(InfoHash infoHash, Bitfield verified, List<Storage.FileState> files) {

    static final int VERSION = 1;
    private static final int BASE_LIMIT = 1 << 20;
    /** The longest encoding of one file: "l" + two 20-character integers + "e". */
    private static final int MAX_FILE_BYTES = 2 + 2 * 21;

    ResumeRecord {
        files = List.copyOf(files);
    }

    /** The largest record a torrent with these counts can have; anything longer is not ours. */
    static int maxSize(int pieceCount, int fileCount) {
        long max = BASE_LIMIT + (long) Bitfield.byteLength(pieceCount) + (long) MAX_FILE_BYTES * fileCount;
        return (int) Math.min(max, Integer.MAX_VALUE - 16);
    }

    byte[] encode() {
        List<Object> fileList = new ArrayList<>(files.size());
        for (Storage.FileState f : files) {
            fileList.add(List.of(f.size(), f.modifiedMillis()));
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("version", VERSION);
        dict.put("info-hash", infoHash.hex());
        dict.put("pieces", verified.size());
        dict.put("bitfield", verified.toBytes());
        dict.put("files", fileList);
        return BencodeWriter.encode(dict);
    }

    /**
     * Reads a record of at most {@code maxSize} bytes.
     *
     * @throws StorageException when the file is longer or not a valid record
     * @throws IOException      when it cannot be read (including when it does not exist)
     */
    static ResumeRecord read(Path file, int maxSize) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxSize + 1);
        }
        if (bytes.length > maxSize) {
            throw new StorageException("resume record " + file + ": longer than the limit of " + maxSize + " bytes");
        }
        return decode(bytes);
    }

    /** Replaces {@code file} atomically: a crash leaves the old record or the new one, never half of one. */
    void write(Path file) throws IOException {
        AtomicFile.write(file, encode());
    }

    /** @throws StorageException naming the first problem */
    static ResumeRecord decode(byte[] bytes) {
        Map<String, Object> dict;
        try {
            dict = BencodeReader.dictionary(bytes);
        } catch (BencodeException e) {
            throw invalid(e.getMessage());
        }
        long version = number(dict, "version");
        if (version != VERSION) {
            throw invalid("version " + version + " is not " + VERSION);
        }
        InfoHash infoHash;
        try {
            infoHash = InfoHash.fromHex(new String(bytes(dict, "info-hash"), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw invalid("info-hash is not 40 hex digits");
        }
        long pieces = number(dict, "pieces");
        if (pieces < 0 || pieces > Integer.MAX_VALUE) {
            throw invalid("pieces " + pieces + " is out of range");
        }
        Bitfield verified = Bitfield.fromBytes(bytes(dict, "bitfield"), (int) pieces);
        if (verified == null) {
            throw invalid("bitfield does not fit " + pieces + " pieces");
        }
        if (!(dict.get("files") instanceof List<?> list)) {
            throw invalid("files is not a list");
        }
        List<Storage.FileState> files = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof List<?> f) || f.size() != 2 || !(f.get(0) instanceof Long size)
                    || !(f.get(1) instanceof Long mtime)) {
                throw invalid("files[" + files.size() + "] is not [size, mtime]");
            }
            if (size < -1 || (size == -1) != (mtime == -1)) {
                throw invalid("files[" + files.size() + "] has size " + size + " and mtime " + mtime);
            }
            files.add(new Storage.FileState(size, mtime));
        }
        return new ResumeRecord(infoHash, verified, files);
    }

    private static long number(Map<String, Object> dict, String key) {
        if (!(dict.get(key) instanceof Long n)) {
            throw invalid(key + " is missing or not an integer");
        }
        return n;
    }

    private static byte[] bytes(Map<String, Object> dict, String key) {
        if (!(dict.get(key) instanceof ByteBuffer b)) {
            throw invalid(key + " is missing or not a string");
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static StorageException invalid(String problem) {
        return new StorageException("resume record: " + problem);
    }
}
