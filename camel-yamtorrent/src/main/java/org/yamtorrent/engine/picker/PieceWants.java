package org.yamtorrent.engine.picker;

import java.util.List;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.PieceGeometry;

/**
 * Which pieces the picker may start, and which first: the pieces of files that are not skipped, those of
 * {@link FilePriority#HIGH} files, and the read-ahead windows of streams (fetched before all others, even in a
 * skipped file). Owned by the {@link PiecePicker}; not thread-safe.
 */
final class PieceWants {

    private final PieceGeometry geometry;
    /** Pieces holding bytes of a file that is not skipped; all of them until file priorities say otherwise. */
    private Bitfield wanted;
    /** Pieces holding bytes of a high-priority file: started before the other wanted ones. */
    private Bitfield high;
    /** Pieces a reader waits for, in order; usually empty. */
    private int[] windows = new int[0];
    /** The same pieces as a set. */
    private Bitfield windowSet;

    PieceWants(PieceGeometry geometry) {
        this.geometry = geometry;
        int n = geometry.pieceCount();
        this.wanted = new Bitfield(n);
        for (int i = 0; i < n; i++) {
            wanted.set(i);
        }
        this.high = new Bitfield(n);
        this.windowSet = new Bitfield(n);
    }

    /** One priority per entry of the geometry's files; a piece takes the highest of the files it holds bytes of. */
    void files(List<FilePriority> files) {
        int n = geometry.files().size();
        if (files.size() != n) {
            throw new IllegalArgumentException(files.size() + " file priorities for " + n + " files");
        }
        Bitfield normal = new Bitfield(n);
        Bitfield top = new Bitfield(n);
        for (int i = 0; i < n; i++) {
            if (files.get(i) != FilePriority.SKIP) {
                normal.set(i);
            }
            if (files.get(i) == FilePriority.HIGH) {
                top.set(i);
            }
        }
        wanted = geometry.piecesOf(normal);
        high = geometry.piecesOf(top);
    }

    /** The streams' windows, in the order to fetch them; replaces the previous ones. */
    void windows(int[] pieces) {
        int n = geometry.pieceCount();
        for (int p : pieces) {
            if (p < 0 || p >= n) {
                throw new IllegalArgumentException("priority piece " + p + " is outside 0.." + (n - 1));
            }
        }
        windows = pieces.clone();
        windowSet = new Bitfield(n);
        for (int p : pieces) {
            windowSet.set(p);
        }
    }

    int[] windows() {
        return windows;
    }

    boolean isWanted(int piece) {
        return wanted.get(piece);
    }

    /** Wanted by its files or by a stream's window. */
    boolean isWantedOrWindowed(int piece) {
        return wanted.get(piece) || windowSet.get(piece);
    }

    /** The high-priority pieces; the caller only reads it. */
    Bitfield high() {
        return high;
    }
}
