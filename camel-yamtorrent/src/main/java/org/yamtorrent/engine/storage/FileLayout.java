package org.yamtorrent.engine.storage;

import java.util.ArrayList;
import java.util.List;

import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * How a torrent's payload, the concatenation of its files, is cut into pieces (BEP 3): maps a range of the
 * payload onto the file ranges that hold it. A range may cross any number of files; zero-length files hold no
 * bytes and never appear in a span. Pure arithmetic, immutable, no I/O.
 */
public final class FileLayout {

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
    public FileLayout(List<FileEntry> files, int pieceLength) {
        if (pieceLength <= 0) {
            throw new StorageException("layout: piece length " + pieceLength + " is not positive");
        }
        this.files = List.copyOf(files);
        this.pieceLength = pieceLength;
        this.ends = new long[this.files.size()];
        long offset = 0;
        for (int i = 0; i < ends.length; i++) {
            FileEntry f = this.files.get(i);
            if (f.offset() != offset || f.length() < 0) {
                throw new StorageException("layout: file " + f.relativePath() + " has offset " + f.offset()
                        + " and length " + f.length() + ", expected offset " + offset);
            }
            offset = f.end();
            ends[i] = offset;
        }
        this.totalLength = offset;
        long count = (totalLength + pieceLength - 1) / pieceLength;
        if (count > Integer.MAX_VALUE) {
            throw new StorageException("layout: " + count + " pieces is too many");
        }
        this.pieceCount = (int) count;
    }

    public static FileLayout of(Metainfo metainfo) {
        FileLayout layout = new FileLayout(metainfo.files(), metainfo.pieceLength());
        if (layout.pieceCount != metainfo.pieceCount()) {
            throw new StorageException("layout: " + layout.totalLength + " bytes make " + layout.pieceCount
                    + " pieces but the torrent has " + metainfo.pieceCount() + " piece hashes");
        }
        return layout;
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
     * @throws StorageException when the block does not lie inside the piece
     */
    public List<Span> spans(int piece, int offset, int length) {
        checkBlock(piece, offset, length);
        return spans(pieceOffset(piece) + offset, length);
    }

    /**
     * Checks that {@code length} bytes from {@code offset} lie inside piece {@code piece}.
     *
     * @throws StorageException when they do not
     */
    public void checkBlock(int piece, int offset, int length) {
        if (piece < 0 || piece >= pieceCount) {
            throw new StorageException("block: piece " + piece + " outside 0.." + (pieceCount - 1));
        }
        if (offset < 0 || length < 0 || (long) offset + length > pieceSize(piece)) {
            throw new StorageException("block: offset " + offset + " length " + length + " exceeds piece " + piece
                    + " of size " + pieceSize(piece));
        }
    }

    /** The spans holding payload bytes {@code [payloadOffset, payloadOffset + length)}, in payload order. */
    public List<Span> spans(long payloadOffset, int length) {
        if (payloadOffset < 0 || length < 0 || payloadOffset + length > totalLength) {
            throw new StorageException("range " + payloadOffset + "+" + length + " outside the payload of "
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

    /** Binary search over the file ends; an empty file ends where its predecessor ends, so it is never chosen. */
    private int firstFileEndingAfter(long pos) {
        int lo = 0;
        int hi = ends.length - 1;
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
