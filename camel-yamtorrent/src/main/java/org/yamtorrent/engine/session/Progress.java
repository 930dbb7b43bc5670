package org.yamtorrent.engine.session;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * A snapshot of a torrent's progress. Before a torrent added by info-hash has its metadata, the sizes and piece
 * counts are 0.
 *
 * @param verifiedBytes  payload bytes in verified pieces of the selected files
 * @param totalBytes     the bytes of the pieces holding selected files: the payload size when every file is
 * @param verifiedPieces pieces of the selected files whose hash matched
 * @param pieceCount     the pieces holding selected files: all pieces when every file is
 * @param downloaded     payload bytes received from peers this session, wasted ones included
 * @param uploaded       payload bytes sent to peers this session
 * @param downloadRate   bytes per second received, smoothed
 * @param uploadRate     bytes per second sent, smoothed
 * @param peers          connected peers
 */
public record Progress(long verifiedBytes, long totalBytes, int verifiedPieces, int pieceCount, long downloaded,
        long uploaded, double downloadRate, double uploadRate, int peers) {

    /** The progress of a torrent whose metadata {@code m} (null while unknown) and store {@code s} (or null) say. */
    static Progress of(Metainfo m, PieceStore s, RateMeter downloaded, RateMeter uploaded, int peers) {
        if (m == null) {
            return new Progress(0, 0, 0, 0, downloaded.total(), uploaded.total(), downloaded.rate(), uploaded.rate(),
                    peers);
        }
        Bitfield have = s == null ? new Bitfield(m.pieceCount()) : s.bitfield();
        Bitfield wanted = s == null ? null : s.wanted();
        long bytes = 0;
        long total = 0;
        int verified = 0;
        int pieces = 0;
        for (int i = 0; i < m.pieceCount(); i++) {
            if (wanted == null || wanted.get(i)) {
                pieces++;
                total += m.pieceSize(i);
                if (have.get(i)) {
                    verified++;
                    bytes += m.pieceSize(i);
                }
            }
        }
        return new Progress(bytes, total, verified, pieces, downloaded.total(), uploaded.total(), downloaded.rate(),
                uploaded.rate(), peers);
    }

    /** 0..100; 0 while the metadata is unknown. */
    public double percent() {
        return totalBytes == 0 ? 0 : verifiedBytes * 100.0 / totalBytes;
    }

    /** Seconds until done at the current rate, or -1 when unknown. */
    public long etaSeconds() {
        long left = totalBytes - verifiedBytes;
        if (totalBytes == 0) {
            return -1;
        }
        if (left == 0) {
            return 0;
        }
        return downloadRate < 1 ? -1 : (long) Math.ceil(left / downloadRate);
    }
}
