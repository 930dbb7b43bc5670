package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.List;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.PieceGeometry;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * Which selected payload files have every piece verified (a file that is not selected never counts, even when the
 * pieces it shares with selected files hold all of it). Keeps, per file, the first of its pieces not yet seen verified;
 * it only moves forward, so telling whether a file is complete costs little even when asked after each of its
 * pieces. Guarded by the owning torrent's lock; callers tell listeners outside it.
 */
final class FileCompletion {

    private final PieceGeometry geometry;
    private final Bitfield done;
    private final int[] cursor;

    FileCompletion(PieceGeometry geometry) {
        this.geometry = geometry;
        this.done = new Bitfield(geometry.files().size());
        this.cursor = new int[geometry.files().size()];
        restart();
    }

    /** A store was opened: its verified pieces are looked at again from each file's first; done files stay done. */
    synchronized void restart() {
        for (int i = 0; i < cursor.length; i++) {
            cursor[i] = geometry.firstPiece(i);
        }
    }

    /** The files holding bytes of {@code piece} that are complete now and were not before. */
    synchronized List<Integer> pieceVerified(PieceStore store, int piece) {
        int[] range = geometry.filesOf(piece);
        return newlyComplete(store, range[0], range[1]);
    }

    /** The store took a new selection: the selected files complete now and not before. */
    synchronized List<Integer> selectionChanged(PieceStore store) {
        return newlyComplete(store, 0, cursor.length);
    }

    private List<Integer> newlyComplete(PieceStore store, int from, int to) {
        List<Integer> completed = new ArrayList<>(1);
        for (int i = from; i < to; i++) {
            if (geometry.files().get(i).length() > 0 && store.isSelected(i) && allVerified(store, i)
                    && done.set(i)) {
                completed.add(i);
            }
        }
        return completed;
    }

    /** The selected zero-length files, which no piece holds: complete with the torrent. */
    synchronized List<Integer> torrentCompleted(PieceStore store) {
        List<Integer> completed = new ArrayList<>();
        for (int i = 0; i < cursor.length; i++) {
            if (geometry.files().get(i).length() == 0 && store.isSelected(i) && done.set(i)) {
                completed.add(i);
            }
        }
        return completed;
    }

    private boolean allVerified(PieceStore store, int file) {
        int last = geometry.lastPiece(file);
        int p = cursor[file];
        while (p <= last && store.isVerified(p)) {
            p++;
        }
        cursor[file] = p;
        return p > last;
    }
}
