package org.yamtorrent.engine.metainfo;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed and validated .torrent file (BEP 3, with BEP 12 announce-list, BEP 19 url-list, BEP 27 private,
 * BEP 47 attributes, and BEP 52 v2 or hybrid hashes). Immutable. Built by {@link MetainfoReader}; {@link #rawInfo()} holds the exact bytes the
 * info-hash was computed over.
 */
public final class Metainfo {

    private final InfoHash infoHash;
    private final byte[] rawInfo;
    private final String name;
    private final int pieceLength;
    private final byte[] pieces;
    private final int pieceCount;
    private final PieceLayers pieceLayers;
    private final List<FileEntry> files;
    private final boolean singleFile;
    private final boolean privateTorrent;
    private final String announce;
    private final List<List<String>> announceList;
    private final List<String> urlList;
    private final String comment;
    private final String createdBy;
    private final Long creationDate;
    private final PieceGeometry geometry;

    Metainfo(Builder b) {
        this.infoHash = b.infoHash;
        this.rawInfo = b.rawInfo;
        this.name = b.name;
        this.pieceLength = b.pieceLength;
        this.pieces = b.pieces;
        this.pieceCount = b.pieces != null ? b.pieces.length / Sha1.LENGTH : b.pieceCount;
        this.pieceLayers = b.pieceLayers;
        this.files = List.copyOf(b.files);
        this.singleFile = b.singleFile;
        this.privateTorrent = b.privateTorrent;
        this.announce = b.announce;
        this.announceList = b.announceList.stream().map(List::copyOf).toList();
        this.urlList = List.copyOf(b.urlList);
        this.comment = b.comment;
        this.createdBy = b.createdBy;
        this.creationDate = b.creationDate;
        this.geometry = new PieceGeometry(files, pieceLength);
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    /** The exact bencoded bytes of the info dictionary as found in the file (what BEP 9 serves). */
    public byte[] rawInfo() {
        return rawInfo.clone();
    }

    public String name() {
        return name;
    }

    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Whether the torrent has v1 piece hashes (SHA-1): v1-only and hybrid torrents. */
    public boolean hasV1() {
        return pieces != null;
    }

    /** The BEP 52 hashes of a v2-only or hybrid torrent, or null for a v1-only one. */
    public PieceLayers pieceLayers() {
        return pieceLayers;
    }

    /** The expected SHA-1 of piece {@code index}; v1 and hybrid torrents only. */
    public byte[] pieceHash(int index) {
        return Arrays.copyOfRange(v1Pieces(), index * Sha1.LENGTH, (index + 1) * Sha1.LENGTH);
    }

    /** Compares without copying: the hot path of v1 verification. */
    public boolean pieceHashEquals(int index, byte[] digest) {
        return Arrays.equals(v1Pieces(), index * Sha1.LENGTH, (index + 1) * Sha1.LENGTH, digest, 0, Sha1.LENGTH);
    }

    /**
     * Whether piece {@code index}, its bytes from {@code data}'s position to its limit, verifies by every hash the
     * torrent has: the SHA-1 for v1, the merkle tree for v2, both for a hybrid.
     */
    public boolean verifyPiece(int index, ByteBuffer data) {
        if (data.remaining() != pieceSize(index)) {
            return false;
        }
        if (pieces != null) {
            MessageDigest sha1 = Sha1.newDigest();
            sha1.update(data.duplicate());
            if (!pieceHashEquals(index, sha1.digest())) {
                return false;
            }
        }
        return pieceLayers == null || pieceLayers.verify(index, data);
    }

    private byte[] v1Pieces() {
        if (pieces == null) {
            throw new IllegalStateException(name + " is a v2-only torrent: it has no SHA-1 piece hashes");
        }
        return pieces;
    }

    /** The size of piece {@code index}: the piece length, or less for the last one. */
    public int pieceSize(int index) {
        return geometry.pieceSize(index);
    }

    /** How the payload is cut into pieces and where each piece's bytes live in the files. */
    public PieceGeometry geometry() {
        return geometry;
    }

    public List<FileEntry> files() {
        return files;
    }

    public boolean isSingleFile() {
        return singleFile;
    }

    public long totalLength() {
        return geometry.totalLength();
    }

    public boolean isPrivate() {
        return privateTorrent;
    }

    /** The {@code announce} URL, or null. */
    public String announce() {
        return announce;
    }

    /** BEP 12 tiers; empty when the torrent has none. */
    public List<List<String>> announceList() {
        return announceList;
    }

    /** BEP 19 web seeds; empty when none. */
    public List<String> urlList() {
        return urlList;
    }

    public String comment() {
        return comment;
    }

    public String createdBy() {
        return createdBy;
    }

    /** Seconds since the epoch, or null. */
    public Long creationDate() {
        return creationDate;
    }

    /**
     * The trackers in BEP 12 order: the announce-list tiers when present (announce is then ignored, as the BEP
     * says), otherwise one tier holding announce, otherwise none.
     */
    public List<List<String>> trackerTiers() {
        if (!announceList.isEmpty()) {
            return announceList;
        }
        return announce == null ? List.of() : List.of(List.of(announce));
    }

    @Override
    public String toString() {
        return "Metainfo[" + name + " " + infoHash + " " + totalLength() + " bytes, " + pieceCount() + " pieces]";
    }

    /** Assembles a Metainfo; used by the reader after validation. */
    static final class Builder {
        InfoHash infoHash;
        byte[] rawInfo;
        String name;
        int pieceLength;
        byte[] pieces;
        int pieceCount;
        PieceLayers pieceLayers;
        List<FileEntry> files = List.of();
        boolean singleFile;
        boolean privateTorrent;
        String announce;
        List<List<String>> announceList = List.of();
        List<String> urlList = List.of();
        String comment;
        String createdBy;
        Long creationDate;

        Metainfo build() {
            return new Metainfo(this);
        }
    }
}
