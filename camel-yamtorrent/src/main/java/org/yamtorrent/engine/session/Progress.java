package org.yamtorrent.engine.session;

/**
 * A snapshot of a torrent's progress.
 *
 * @param verifiedBytes  payload bytes in verified pieces
 * @param totalBytes     the payload size
 * @param verifiedPieces pieces whose hash matched
 * @param pieceCount     all pieces
 * @param downloaded     payload bytes received from peers this session, wasted ones included
 * @param uploaded       payload bytes sent to peers this session
 * @param downloadRate   bytes per second received, smoothed
 * @param uploadRate     bytes per second sent, smoothed
 * @param peers          connected peers
 */
public record Progress(long verifiedBytes, long totalBytes, int verifiedPieces, int pieceCount, long downloaded,
        long uploaded, double downloadRate, double uploadRate, int peers) {

    /** 0..100. */
    public double percent() {
        return totalBytes == 0 ? 100 : verifiedBytes * 100.0 / totalBytes;
    }

    /** Seconds until done at the current rate, or -1 when unknown. */
    public long etaSeconds() {
        long left = totalBytes - verifiedBytes;
        if (left == 0) {
            return 0;
        }
        return downloadRate < 1 ? -1 : (long) Math.ceil(left / downloadRate);
    }
}
