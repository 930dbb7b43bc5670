package org.yamtorrent.engine.metainfo;


import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeScanner;
import org.yamtorrent.engine.bencode.Span;

/**
 * Reads and validates .torrent files (BEP 3, 12, 19, 27, 47, and BEP 52 v2 and hybrid torrents). The whole file is read, up to a size cap, before
 * decoding; the bytes are checked by {@link BencodeScanner} before dampcake sees them; every field is validated
 * and every problem is a {@link MetainfoException} naming the field.
 */
public final class MetainfoReader {

    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    /** Larger pieces would make a single piece buffer a memory hazard; no real client makes them. */
    public static final int MAX_PIECE_LENGTH = 128 * 1024 * 1024;
    public static final int MAX_FILES = 200_000;
    /**
     * Every piece costs state in the picker, the store and each peer's bitfield, and a bitfield message grows with
     * the count; 2^21 pieces is 512 GiB in 256 KiB pieces. The default size cap already keeps a torrent below it.
     */
    public static final int MAX_PIECES = 1 << 21;

    private final int maxBytes;

    public MetainfoReader() {
        this(DEFAULT_MAX_BYTES);
    }

    /** @param maxBytes the largest .torrent accepted, in bytes */
    public MetainfoReader(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Parses with the default size cap. */
    public static Metainfo read(byte[] torrent) {
        return new MetainfoReader().parse(torrent);
    }

    public Metainfo parse(InputStream in) throws IOException {
        byte[] data = in.readNBytes(maxBytes);
        if (data.length == maxBytes && in.read() != -1) {
            throw new MetainfoException("torrent is larger than the limit of " + maxBytes + " bytes");
        }
        return parse(data);
    }

    public Metainfo parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new MetainfoException(file + ": torrent of " + size + " bytes is larger than the limit of " + maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public Metainfo parse(byte[] data) {
        if (data.length > maxBytes) {
            throw new MetainfoException("torrent of " + data.length + " bytes is larger than the limit of " + maxBytes);
        }
        Map<String, Span> spans;
        try {
            spans = BencodeScanner.scanDictionary(data);
        } catch (BencodeException e) {
            throw new MetainfoException("torrent is not valid bencode: " + e.getMessage(), e);
        }
        Span infoSpan = spans.get("info");
        if (infoSpan == null) {
            throw new MetainfoException("info is missing");
        }
        Map<String, Object> root = BencodeReader.dictionary(data);
        Fields top = new Fields("", root);
        Fields info = top.dict("info");

        Metainfo.Builder b = new Metainfo.Builder();
        b.rawInfo = Arrays.copyOfRange(data, infoSpan.offset(), infoSpan.end());
        int version = metaVersion(info);
        if (version == 2) {
            readV2(info, data, spans.get("piece layers"), b);
        } else {
            readInfo(info, b);
        }
        byte[] sha1 = b.pieces == null ? null : InfoHash.sha1(data, infoSpan.offset(), infoSpan.length()).bytes();
        b.infoHash = version == 1 ? InfoHash.of(sha1)
                : InfoHash.of(sha1, InfoHash.sha256(data, infoSpan.offset(), infoSpan.length()));
        readTrackers(top, b);
        b.comment = top.optionalText("comment");
        b.createdBy = top.optionalText("created by");
        b.creationDate = top.optionalLong("creation date");
        return b.build();
    }

    /** 1 for BEP 3, 2 for BEP 52 (v2-only or hybrid); a torrent of a later version cannot be read. */
    private static int metaVersion(Fields info) {
        if (!info.has("meta version")) {
            return 1;
        }
        long v = info.integer("meta version");
        if (v != 1 && v != 2) {
            throw new MetainfoException("info.meta version " + v + " is not 1 or 2");
        }
        return (int) v;
    }

    /** A v2-only or hybrid info dictionary: the file tree and piece layers, and for a hybrid the v1 part too. */
    private static void readV2(Fields info, byte[] data, Span layersSpan, Metainfo.Builder b) {
        List<FileTree.TreeFile> tree = FileTree.read(info);
        if (info.has("pieces")) {
            readInfo(info, b);
            FileTree.checkHybrid(b.files, tree, b.pieceLength);
        } else {
            readCommon(info, b);
            b.singleFile = FileTree.isSingleFile(tree);
            b.files = FileTree.layout(b.name, tree, b.pieceLength);
            b.pieceCount = checkedPieceCount(totalLength(b), b.pieceLength);
        }
        if (Integer.bitCount(b.pieceLength) != 1 || b.pieceLength < MerkleTree.BLOCK) {
            throw new MetainfoException("info.piece length " + b.pieceLength
                    + " is not a power of two of at least 16 KiB, as BEP 52 requires");
        }
        Map<ByteBuffer, byte[]> layers = Map.of();
        if (layersSpan != null) {
            try {
                layers = BencodeReader.binaryKeyedStrings(data, layersSpan.offset(), layersSpan.length());
            } catch (BencodeException e) {
                throw new MetainfoException("piece layers is not a dictionary of strings: " + e.getMessage(), e);
            }
        }
        b.pieceLayers = FileTree.layers(b.files, tree, layers, b.pieceLength, b.pieceCount);
    }

    private static void readCommon(Fields info, Metainfo.Builder b) {
        b.name = PathRules.component("info.name", info.has("name.utf-8") ? info.text("name.utf-8") : info.text("name"));
        long pieceLength = info.integer("piece length");
        if (pieceLength <= 0 || pieceLength > MAX_PIECE_LENGTH) {
            throw new MetainfoException("info.piece length " + pieceLength + " is outside 1.." + MAX_PIECE_LENGTH);
        }
        b.pieceLength = (int) pieceLength;
        b.privateTorrent = info.has("private") && info.integer("private") == 1;
    }

    private static long totalLength(Metainfo.Builder b) {
        long total = b.files.isEmpty() ? 0 : b.files.get(b.files.size() - 1).end();
        if (total == 0) {
            throw new MetainfoException("info has a total length of 0: there is nothing to download");
        }
        return total;
    }

    private static int checkedPieceCount(long total, int pieceLength) {
        long count = (total + pieceLength - 1) / pieceLength;
        if (count > MAX_PIECES) {
            throw new MetainfoException("info describes " + count + " pieces, more than the limit of " + MAX_PIECES);
        }
        return (int) count;
    }

    private static void readInfo(Fields info, Metainfo.Builder b) {
        readCommon(info, b);
        long pieceLength = b.pieceLength;
        byte[] pieces = info.bytes("pieces");
        if (pieces.length % Sha1.LENGTH != 0) {
            throw new MetainfoException("info.pieces length " + pieces.length + " is not a multiple of 20");
        }
        if (pieces.length / Sha1.LENGTH > MAX_PIECES) {
            throw new MetainfoException("info.pieces holds " + pieces.length / Sha1.LENGTH
                    + " hashes, more than the limit of " + MAX_PIECES);
        }
        b.pieces = pieces;
        b.pieceCount = pieces.length / Sha1.LENGTH;
        readFiles(info, b);
        long total = totalLength(b);
        long expected = (total + pieceLength - 1) / pieceLength;
        if (expected != pieces.length / Sha1.LENGTH) {
            throw new MetainfoException("info.pieces holds " + pieces.length / Sha1.LENGTH + " hashes but a total length of "
                    + total + " in pieces of " + pieceLength + " needs " + expected);
        }
    }

    private static void readFiles(Fields info, Metainfo.Builder b) {
        boolean single = info.has("length");
        if (single == info.has("files")) {
            throw new MetainfoException(single ? "info has both length and files" : "info has neither length nor files");
        }
        b.singleFile = single;
        if (single) {
            long length = info.integer("length");
            if (length < 0) {
                throw new MetainfoException("info.length " + length + " is negative");
            }
            b.files = List.of(new FileEntry(List.of(b.name), length, 0, info.optionalText("attr")));
            return;
        }
        List<Object> list = info.list("files");
        if (list.isEmpty()) {
            throw new MetainfoException("info.files is empty");
        }
        if (list.size() > MAX_FILES) {
            throw new MetainfoException("info.files has " + list.size() + " entries, more than the limit of " + MAX_FILES);
        }
        List<FileEntry> files = new ArrayList<>(list.size());
        Set<String> paths = new HashSet<>();
        Set<String> dirs = new HashSet<>();
        long offset = 0;
        for (int i = 0; i < list.size(); i++) {
            FileEntry f = readFile(new Fields("files[" + i + "]", Fields.asDict("info.files[" + i + "]", list.get(i))), b.name, offset);
            String where = "info.files[" + i + "].path";
            String joined = f.relativePath();
            if (!f.isPadding()) {
                if (!paths.add(joined) || dirs.contains(joined)) {
                    throw new MetainfoException(where + " '" + joined + "' is listed twice");
                }
                for (int end = joined.lastIndexOf('/'); end > 0; end = joined.lastIndexOf('/', end - 1)) {
                    String dir = joined.substring(0, end);
                    if (paths.contains(dir)) {
                        throw new MetainfoException(where + " '" + joined + "' lies under the file '" + dir + "'");
                    }
                    dirs.add(dir);
                }
            }
            try {
                offset = Math.addExact(offset, f.length());
            } catch (ArithmeticException e) {
                throw new MetainfoException("info.files total length overflows 64 bits at files[" + i + "]");
            }
            files.add(f);
        }
        b.files = files;
    }

    private static FileEntry readFile(Fields file, String name, long offset) {
        long length = file.integer("length");
        if (length < 0) {
            throw new MetainfoException("info." + file.where + ".length " + length + " is negative");
        }
        String key = file.has("path.utf-8") ? "path.utf-8" : "path";
        List<Object> raw = file.list(key);
        if (raw.isEmpty()) {
            throw new MetainfoException("info." + file.where + "." + key + " is empty");
        }
        List<String> path = new ArrayList<>(raw.size() + 1);
        path.add(name);
        for (int c = 0; c < raw.size(); c++) {
            String field = "info." + file.where + "." + key;
            path.add(PathRules.component(field, Fields.asText(field + "[" + c + "]", raw.get(c))));
        }
        return new FileEntry(path, length, offset, file.optionalText("attr"));
    }

    private static void readTrackers(Fields top, Metainfo.Builder b) {
        b.announce = top.optionalText("announce");
        if (top.has("announce-list")) {
            List<List<String>> tiers = new ArrayList<>();
            List<Object> raw = top.list("announce-list");
            for (int t = 0; t < raw.size(); t++) {
                List<String> tier = new ArrayList<>();
                for (Object url : Fields.asList("announce-list[" + t + "]", raw.get(t))) {
                    tier.add(Fields.asText("announce-list[" + t + "]", url));
                }
                if (!tier.isEmpty()) {
                    tiers.add(tier);
                }
            }
            b.announceList = tiers;
        }
        if (top.has("url-list")) {
            Object v = top.get("url-list");
            List<String> urls = new ArrayList<>();
            if (v instanceof ByteBuffer) {
                urls.add(Fields.asText("url-list", v));
            } else {
                for (Object url : Fields.asList("url-list", v)) {
                    urls.add(Fields.asText("url-list", url));
                }
            }
            urls.removeIf(String::isEmpty);
            b.urlList = urls;
        }
    }
}
