/**
 * Talking to trackers: {@link org.yamtorrent.engine.tracker.TrackerClient} announces over HTTP(S) (BEP 3, 7, 23)
 * and UDP (BEP 15, 41); {@link org.yamtorrent.engine.tracker.TrackerTiers} walks a torrent's BEP 12 tiers;
 * {@link org.yamtorrent.engine.tracker.Announcer} keeps one torrent announced; and
 * {@link org.yamtorrent.engine.tracker.EmbeddedTracker} is a small HTTP tracker (with BEP 48 scrape) for private
 * swarms, tests and demos. Replies from trackers are untrusted: sizes and counts are capped before anything is
 * allocated, and every deliberate error is a {@link org.yamtorrent.engine.tracker.TrackerException}.
 */
package org.yamtorrent.engine.tracker;
