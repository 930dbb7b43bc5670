package org.yamtorrent.engine.tracker;

/** The byte counts a client reports in each announce (BEP 3 {@code uploaded}, {@code downloaded}, {@code left}). */
public record TransferStats(long uploaded, long downloaded, long left) {

    public TransferStats {
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("transfer stats must not be negative: " + uploaded + "/" + downloaded + "/" + left);
        }
    }
}
