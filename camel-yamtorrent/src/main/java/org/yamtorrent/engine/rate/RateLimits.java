package org.yamtorrent.engine.rate;

/**
 * The download and upload limits of one scope, a session or a torrent, in payload bytes per second (0 = unlimited),
 * changeable while transfers run. A torrent's limits are made under the session's, and its {@link #downloads()} and
 * {@link #uploads()} draw from both.
 */
public final class RateLimits {

    private final TokenBucket download;
    private final TokenBucket upload;
    private final Throttle downloads;
    private final Throttle uploads;

    /** The session's limits. */
    public RateLimits(long maxDownloadRate, long maxUploadRate) {
        this(null, maxDownloadRate, maxUploadRate);
    }

    /** A torrent's limits under {@code session}'s (null for none). */
    public RateLimits(RateLimits session, long maxDownloadRate, long maxUploadRate) {
        this.download = new TokenBucket(maxDownloadRate);
        this.upload = new TokenBucket(maxUploadRate);
        this.downloads = session == null ? new Throttle(download) : new Throttle(download, session.download);
        this.uploads = session == null ? new Throttle(upload) : new Throttle(upload, session.upload);
    }

    /** This scope's own download bucket: {@code download().rate(bytesPerSecond)} changes the limit. */
    public TokenBucket download() {
        return download;
    }

    /** This scope's own upload bucket. */
    public TokenBucket upload() {
        return upload;
    }

    /** What received payload is counted against: this scope's download bucket and the session's. */
    public Throttle downloads() {
        return downloads;
    }

    /** What sent payload is counted against. */
    public Throttle uploads() {
        return uploads;
    }
}
