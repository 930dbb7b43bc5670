package org.yamtorrent.engine.metainfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.SourceFiles.Input;

/**
 * Creates a .torrent (BEP 3, with BEP 12 announce-list, BEP 19 url-list and BEP 27 private) from a file or a
 * directory. The output is canonical bencode, so for the same files and piece length the info-hash equals the one
 * mktorrent 1.1 or transmission-create 3.00 produce, depending on {@link Compat}.
 *
 * <p>What goes in, as both tools do it: symbolic links are followed (to files and to directories; a link loop is
 * an error), only regular files are taken (FIFOs, sockets and devices are skipped), and empty directories vanish
 * since BEP 3 lists only files. Where the tools differ, {@link Compat} chooses.
 *
 * <p>Not thread-safe; configure, then call {@link #create()}.
 */
public final class TorrentCreator {

    /** Whose conventions decide the file list and the info dictionary where mktorrent and transmission differ. */
    public enum Compat {
        /**
         * mktorrent 1.1, the default: every file, hidden (".name") and empty ones included, sorted by the bytes of
         * the path below the source (C strcmp, '/' between components); a dangling symbolic link is an error;
         * {@code private} is written only when set.
         */
        MKTORRENT,
        /**
         * transmission-create 3.00: files and directories whose name starts with '.' are skipped, so are empty
         * files and dangling links; paths sorted ASCII-case-insensitively, bytes above 0x7f sorting first as they
         * do as signed chars on x86 (libevent's evutil_ascii_strcasecmp); {@code private} is always written, as 0
         * or 1. Paths equal but for case, whose order transmission leaves to qsort, are ordered by their bytes.
         */
        TRANSMISSION
    }

    /** Which hashes the torrent carries (BEP 52 {@code meta version}). */
    public enum MetaVersion {
        /** BEP 3 only: SHA-1 piece hashes, readable by every client. The default. */
        V1,
        /** Both: v1 pieces over pad files that align every file to a piece, and a v2 file tree, as libtorrent 2. */
        HYBRID,
        /** BEP 52 only: a file tree with SHA-256 merkle roots and piece layers. */
        V2
    }

    /**
     * A created torrent.
     *
     * @param bytes    the whole .torrent, canonical bencode
     * @param infoHash the SHA-1 of its bencoded info dictionary, the SHA-256 too for hybrid and v2
     */
    public record Result(byte[] bytes, InfoHash infoHash) {
    }

    public static final int MIN_PIECE_LENGTH = 16 * 1024;
    public static final int MAX_PIECE_LENGTH = 64 * 1024 * 1024;
    /** Automatic piece lengths stop here; only an explicit choice goes beyond. */
    static final int MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
    /** Automatic piece lengths give at most this many pieces, and more than half of it, where the bounds allow. */
    static final int TARGET_PIECES = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(TorrentCreator.class);

    private final Path source;
    private String name;
    private int pieceLength;
    private String announce;
    private List<List<String>> announceList = List.of();
    private List<String> urlList = List.of();
    private String comment;
    private boolean privateFlag;
    private String createdBy = "yamtorrent";
    private Instant creationDate = Instant.now();
    private Compat compat = Compat.MKTORRENT;
    private MetaVersion metaVersion = MetaVersion.V1;

    private TorrentCreator(Path source) {
        this.source = source.toAbsolutePath().normalize();
    }

    /** A creator for the file or directory {@code source}. */
    public static TorrentCreator of(Path source) {
        return new TorrentCreator(source);
    }

    /** The torrent's name; defaults to the source's file name. */
    public TorrentCreator name(String name) {
        this.name = name;
        return this;
    }

    /** A power of two from 16 KiB to 64 MiB; 0 (the default) picks one for about 1000 to 2000 pieces. */
    public TorrentCreator pieceLength(int pieceLength) {
        this.pieceLength = pieceLength;
        return this;
    }

    /** The tracker; defaults to the first URL of the announce-list. */
    public TorrentCreator announce(String url) {
        this.announce = url;
        return this;
    }

    /** BEP 12 tiers of tracker URLs, tried tier by tier. */
    public TorrentCreator announceList(List<List<String>> tiers) {
        this.announceList = tiers.stream().map(List::copyOf).toList();
        return this;
    }

    /** BEP 19 web seeds. */
    public TorrentCreator urlList(List<String> urls) {
        this.urlList = List.copyOf(urls);
        return this;
    }

    public TorrentCreator comment(String comment) {
        this.comment = comment;
        return this;
    }

    /** BEP 27: peers come only from the torrent's trackers. */
    public TorrentCreator privateFlag(boolean privateFlag) {
        this.privateFlag = privateFlag;
        return this;
    }

    /** The "created by" text, or null to leave it out; defaults to "yamtorrent". */
    public TorrentCreator createdBy(String createdBy) {
        this.createdBy = createdBy;
        return this;
    }

    /** The creation date (whole seconds), or null to leave it out for reproducible output; defaults to now. */
    public TorrentCreator creationDate(Instant creationDate) {
        this.creationDate = creationDate;
        return this;
    }

    public TorrentCreator compat(Compat compat) {
        this.compat = compat;
        return this;
    }

    /** v1 (the default), hybrid or v2; hybrid and v2 list the files in BEP 52 file tree order. */
    public TorrentCreator metaVersion(MetaVersion metaVersion) {
        this.metaVersion = metaVersion;
        return this;
    }

    /**
     * Reads and hashes the files and returns the torrent.
     *
     * @throws MetainfoException when an option is invalid, the payload is empty, or a file name cannot be put in a
     *                           torrent (e.g. it contains a backslash)
     * @throws IOException       when the source cannot be walked or read, contains a link loop, or (mktorrent
     *                           conventions) a dangling link
     */
    public Result create() throws IOException {
        String torrentName = PathRules.component("name", name != null ? name : defaultName());
        checkPieceLength();
        checkTrackers();
        BasicFileAttributes top = Files.readAttributes(source, BasicFileAttributes.class);
        boolean single = !top.isDirectory();
        if (single && !top.isRegularFile()) {
            throw new MetainfoException("source " + source + " is neither a regular file nor a directory");
        }
        List<Input> inputs = single ? List.of(new Input(List.of(), source, top.size())) : SourceFiles.walk(source, compat);
        long total = inputs.stream().mapToLong(Input::length).sum();
        if (total == 0) {
            throw new MetainfoException("source " + source + " holds no data: a torrent needs at least one byte");
        }
        int length = pieceLength != 0 ? pieceLength : autoPieceLength(total);
        Map<String, Object> info = new LinkedHashMap<>();
        FileTreeWriter tree = null;
        List<FileEntry> entries;
        if (metaVersion == MetaVersion.V1) {
            entries = contiguous(torrentName, inputs);
        } else {
            inputs = new ArrayList<>(inputs);
            inputs.sort(Comparator.comparing(Input::path, FileTree.ORDER));
            tree = new FileTreeWriter(length);
            List<FileTree.TreeFile> files = new ArrayList<>(inputs.size());
            for (Input in : inputs) {
                files.add(tree.add(single ? List.of(torrentName) : in.path(), in.file(), in.length()));
            }
            entries = FileTree.layout(torrentName, files, length);
            info.put("file tree", tree.fileTree());
            info.put("meta version", 2);
        }
        PieceGeometry layout = new PieceGeometry(entries, length);
        if (metaVersion != MetaVersion.V2) {
            if (single) {
                info.put("length", total);
            } else {
                info.put("files", FileTreeWriter.v1Files(entries));
            }
            info.put("pieces", hash(layout, inputs));
        }
        info.put("name", torrentName);
        info.put("piece length", length);
        if (privateFlag || compat == Compat.TRANSMISSION) {
            info.put("private", privateFlag ? 1 : 0);
        }
        byte[] infoBytes = BencodeWriter.encode(info);
        Map<String, Object> torrent = top(info);
        if (tree != null && !tree.pieceLayers().isEmpty()) {
            torrent.put("piece layers", tree.pieceLayers());
        }
        byte[] v1 = metaVersion == MetaVersion.V2 ? null : InfoHash.sha1(infoBytes, 0, infoBytes.length).bytes();
        InfoHash hash = tree == null ? InfoHash.of(v1) : InfoHash.of(v1, InfoHash.sha256(infoBytes, 0, infoBytes.length));
        Result result = new Result(BencodeWriter.encode(torrent), hash);
        LOG.debug("created {} {} {}: {} files, {} bytes, {} pieces of {}", metaVersion, torrentName,
                result.infoHash(), inputs.size(), total, layout.pieceCount(), length);
        return result;
    }

    /** The v1 layout: the files one after the other. */
    private static List<FileEntry> contiguous(String torrentName, List<Input> inputs) {
        List<FileEntry> entries = new ArrayList<>(inputs.size());
        long offset = 0;
        for (Input in : inputs) {
            List<String> path = new ArrayList<>();
            path.add(torrentName);
            path.addAll(in.path());
            entries.add(new FileEntry(path, in.length(), offset, ""));
            offset += in.length();
        }
        return entries;
    }

    /** The smallest power of two from 16 KiB that cuts {@code totalLength} into at most 2000 pieces, up to 16 MiB. */
    static int autoPieceLength(long totalLength) {
        int length = MIN_PIECE_LENGTH;
        while (length < MAX_AUTO_PIECE_LENGTH && (totalLength + length - 1) / length > TARGET_PIECES) {
            length <<= 1;
        }
        return length;
    }

    /** The top-level dictionary around {@code info}; mutable, so the caller may add piece layers. */
    private Map<String, Object> top(Map<String, Object> info) {
        Map<String, Object> top = new LinkedHashMap<>();
        String mainTracker = announce != null ? announce
                : announceList.isEmpty() ? null : announceList.get(0).get(0);
        if (mainTracker != null) {
            top.put("announce", mainTracker);
        }
        if (!announceList.isEmpty()) {
            top.put("announce-list", announceList);
        }
        if (comment != null) {
            top.put("comment", comment);
        }
        if (createdBy != null) {
            top.put("created by", createdBy);
        }
        if (creationDate != null) {
            top.put("creation date", creationDate.getEpochSecond());
        }
        top.put("info", info);
        if (!urlList.isEmpty()) {
            top.put("url-list", urlList);
        }
        return top;
    }

    private String defaultName() {
        Path fileName = source.getFileName();
        if (fileName == null) {
            throw new MetainfoException("name: the source " + source + " has no file name; give one");
        }
        return fileName.toString();
    }

    private void checkPieceLength() {
        if (pieceLength != 0 && (Integer.bitCount(pieceLength) != 1 || pieceLength < MIN_PIECE_LENGTH
                || pieceLength > MAX_PIECE_LENGTH)) {
            throw new MetainfoException("piece length " + pieceLength + " is not a power of two from "
                    + MIN_PIECE_LENGTH + " to " + MAX_PIECE_LENGTH);
        }
    }

    private void checkTrackers() {
        if (announce != null && announce.isEmpty()) {
            throw new MetainfoException("announce is empty");
        }
        for (int t = 0; t < announceList.size(); t++) {
            if (announceList.get(t).isEmpty() || announceList.get(t).contains("")) {
                throw new MetainfoException("announce-list tier " + t + " is empty or holds an empty URL");
            }
        }
        if (urlList.contains("")) {
            throw new MetainfoException("url-list holds an empty URL");
        }
    }

    /** Streams every file once through the parallel piece hasher; pad files read as zeros. */
    private static byte[] hash(PieceGeometry layout, List<Input> inputs) throws IOException {
        byte[] pieces = new byte[layout.pieceCount() * Sha1.LENGTH];
        Path[] files = new Path[layout.files().size()];
        for (int i = 0, in = 0; i < files.length; i++) {
            files[i] = layout.files().get(i).isPadding() ? null : inputs.get(in++).file();
        }
        PieceHasher.Source source = (payloadOffset, dst) -> {
            for (PieceGeometry.Span s : layout.spans(payloadOffset, dst.remaining())) {
                Path file = files[s.fileIndex()];
                int limit = dst.position() + s.length();
                ByteBuffer part = dst.duplicate().limit(limit);
                if (file == null) {
                    part.put(new byte[s.length()]);
                } else {
                    read(file, s, part);
                }
                dst.position(limit);
            }
        };
        // each piece's slot is written by one hashing thread; the hasher's join publishes them
        new PieceHasher(layout).hash(i -> true, source, (i, digest) ->
                System.arraycopy(digest, 0, pieces, i * Sha1.LENGTH, Sha1.LENGTH));
        return pieces;
    }

    private static void read(Path file, PieceGeometry.Span s, ByteBuffer part) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long pos = s.fileOffset(); part.hasRemaining(); ) {
                int n = ch.read(part, pos);
                if (n < 0) {
                    throw new IOException(file + " shrank below " + s.file().length() + " bytes while being hashed");
                }
                pos += n;
            }
        }
    }
}
