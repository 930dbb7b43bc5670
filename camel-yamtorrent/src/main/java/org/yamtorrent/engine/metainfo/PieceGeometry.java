package org.yamtorrent.engine.metainfo;

import java.util.ArrayList;
import java.util.List;

import org.yamtorrent.engine.Bitfield;

/**
 * How a torrent's payload, the concatenation of its files, is cut into pieces (BEP 3): piece sizes and offsets,
 * the pieces a file covers, and the file ranges that hold a range of the payload. A range may cross any number of
 * files; zero-length files hold no bytes and never appear in a span. Computed once per torrent ({@link
 * Metainfo#geometry()}); every layer asks it instead of doing the arithmetic again. Pure arithmetic, immutable.
 */
public final class PieceGeometry {

    /**
     * A contiguous part of one file.
     *
     * @param fileIndex  index into {@link #files()}
     * @param file       that file
     * @param fileOffset where the part starts inside the file
     * @param length     bytes, at least 1
     */
    public record Span(int fileIndex, FileEntry file, long fileOffset, int length) {
    }

    private final List<FileEntry> files;
    private final long[] ends;
    private final int pieceLength;
    private final long totalLength;
    private final int pieceCount;

    /**
     * @param files       in payload order, each starting where the previous one ends
     * @param pieceLength the nominal piece length; the last piece may be shorter
     */
    public PieceGeometry(List<FileEntry> files, int pieceLength) {
        if (pieceLength <= 0) {
            throw new MetainfoException("piece length " + pieceLength + " is not positive");
        }
        this.files = List.copyOf(files);
        this.pieceLength = pieceLength;
        this.ends = new long[this.files.size()];
        long offset = 0;
        for (int i = 0; i < ends.length; i++) {
            FileEntry f = this.files.get(i);
            if (f.offset() != offset || f.length() < 0) {
                throw new MetainfoException("file " + f.relativePath() + " has offset " + f.offset()
                        + " and length " + f.length() + ", expected offset " + offset);
            }
            offset = f.end();
            ends[i] = offset;
        }
        this.totalLength = offset;
        long count = (totalLength + pieceLength - 1) / pieceLength;
        if (count > Integer.MAX_VALUE) {
            throw new MetainfoException(count + " pieces is too many");
        }
        this.pieceCount = (int) count;
    }

    public List<FileEntry> files() {
        return files;
    }

    public int pieceLength() {
        return pieceLength;
    }

    public long totalLength() {
        return totalLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Where piece {@code index} starts in the payload. */
    public long pieceOffset(int index) {
        return (long) index * pieceLength;
    }

    /** The size of piece {@code index}: the piece length, or less for the last piece. */
    public int pieceSize(int index) {
        return (int) Math.min(pieceLength, totalLength - pieceOffset(index));
    }

    /** The piece holding payload byte {@code payloadOffset}. */
    public int pieceAt(long payloadOffset) {
        return (int) (payloadOffset / pieceLength);
    }

    /**
     * The spans holding {@code length} bytes of piece {@code piece} from {@code offset} within the piece.
     *
     * @throws IllegalArgumentException when the block does not lie inside the piece
     */
    public List<Span> spans(int piece, int offset, int length) {
        String problem = blockProblem(piece, offset, length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return spans(pieceOffset(piece) + offset, length);
    }

    /** Why {@code length} bytes from {@code offset} do not lie inside piece {@code piece}, or null when they do. */
    public String blockProblem(int piece, int offset, int length) {
        if (piece < 0 || piece >= pieceCount) {
            return "block: piece " + piece + " outside 0.." + (pieceCount - 1);
        }
        if (offset < 0 || length < 0 || (long) offset + length > pieceSize(piece)) {
            return "block: offset " + offset + " length " + length + " exceeds piece " + piece + " of size "
                    + pieceSize(piece);
        }
        return null;
    }

    /** The first piece holding bytes of file {@code index}. */
    public int firstPiece(int file) {
        return pieceAt(files.get(file).offset());
    }

    /** The last piece holding bytes of file {@code index}; meaningless for an empty file, which has none. */
    public int lastPiece(int file) {
        return (int) ((files.get(file).end() - 1) / pieceLength);
    }

    /** The files holding bytes of piece {@code piece}, as indices [from, to) into {@link #files()}. */
    public int[] filesOf(int piece) {
        long start = pieceOffset(piece);
        long end = start + pieceSize(piece);
        int from = firstFileEndingAfter(start);
        int to = from;
        while (to < files.size() && files.get(to).offset() < end) {
            to++;
        }
        return new int[] {from, to};
    }

    /**
     * The pieces holding bytes of any of {@code files} (one bit per entry of {@link #files()}); pad files and
     * empty files hold none that count.
     */
    public Bitfield piecesOf(Bitfield files) {
        if (files.size() != this.files.size()) {
            throw new IllegalArgumentException(files.size() + " bits for " + this.files.size() + " files");
        }
        Bitfield pieces = new Bitfield(pieceCount);
        for (int i = files.nextSet(0); i >= 0; i = files.nextSet(i + 1)) {
            FileEntry f = this.files.get(i);
            if (f.length() > 0 && !f.isPadding()) {
                for (int p = firstPiece(i); p <= lastPiece(i); p++) {
                    pieces.set(p);
                }
            }
        }
        return pieces;
    }

    /** The spans holding payload bytes {@code [payloadOffset, payloadOffset + length)}, in payload order. */
    public List<Span> spans(long payloadOffset, int length) {
        if (payloadOffset < 0 || length < 0 || payloadOffset + length > totalLength) {
            throw new IllegalArgumentException("range " + payloadOffset + "+" + length + " outside the payload of "
                    + totalLength + " bytes");
        }
        List<Span> spans = new ArrayList<>(2);
        long pos = payloadOffset;
        long end = payloadOffset + length;
        for (int i = firstFileEndingAfter(pos); pos < end; i++) {
            FileEntry f = files.get(i);
            int n = (int) (Math.min(end, f.end()) - pos);
            if (n > 0) {
                spans.add(new Span(i, f, pos - f.offset(), n));
                pos += n;
            }
        }
        return spans;
    }

    /**
     * The first file whose bytes reach past {@code pos}: a binary search over the file ends; an empty file ends
     * where its predecessor ends, so it is never chosen.
     */
    private int firstFileEndingAfter(long pos) {
        int lo = 0;
        int hi = Math.max(0, ends.length - 1);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > pos) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
