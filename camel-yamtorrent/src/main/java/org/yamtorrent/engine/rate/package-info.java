/**
 * Bandwidth limits: download and upload rates in payload bytes per second, for the session as a whole and for each
 * torrent, shaped with token buckets as libtorrent does. Only block payload is counted and held back; protocol
 * messages (handshakes, haves, requests, chokes, extension messages) pass at once.
 *
 * <ul>
 * <li>{@link org.yamtorrent.engine.rate.TokenBucket}: one rate, refilled from the clock when asked, may go into
 * debt by one block or socket read.</li>
 * <li>{@link org.yamtorrent.engine.rate.RateLimits}: a scope's two buckets; a torrent's are made under the
 * session's, so both apply.</li>
 * <li>{@link org.yamtorrent.engine.rate.Throttle}: the buckets one direction of a torrent draws from.</li>
 * <li>{@link org.yamtorrent.engine.rate.ReadShaper}: the Netty handler ({@code "shaper"}) that pauses a channel's
 * reading while its download throttle is in debt. Uploads are shaped where they start: the session's uploader
 * reads the next batch of blocks from disk only when the upload throttle is out of debt, and otherwise schedules
 * one retry for when it will be.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * No thread owns a bucket: the session's buckets are shared by every event loop (reads) and by the swarms' upload
 * paths (event loops, disk threads, the timer); each call locks the bucket for a few arithmetic steps and never
 * waits. A {@code ReadShaper}'s pause flag and wake-ups belong to its channel's event loop. Waiting is always a task
 * scheduled on an event loop for the moment the debt is paid, never a sleep or a poll.
 *
 * <h2>Pipeline</h2>
 * <pre>
 * head - [connection hooks, e.g. "mse"] - "encoder" - "idle" - "messages" - "shaper" - session handler - tail
 * </pre>
 * The shaper is added by the session when the handshake names the torrent, right before its own handler, so it
 * sees decoded messages whatever a connection hook (encryption) does nearer the head.
 */
package org.yamtorrent.engine.rate;
