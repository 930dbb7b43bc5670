package org.yamtorrent.engine.tracker;

import java.net.URI;
import java.time.Instant;

/**
 * One tracker of a torrent and how its last announce went.
 *
 * @param tracker      the announce URL
 * @param tier         its BEP 12 tier, from 0
 * @param lastAnnounce when its last announce ended, or null when none did yet
 * @param peers        how many peers its last answer gave
 * @param error        why its last announce failed, or null when it answered
 */
public record TrackerStatus(URI tracker, int tier, Instant lastAnnounce, int peers, String error) {

    /** Whether its last announce was answered. */
    public boolean ok() {
        return lastAnnounce != null && error == null;
    }
}
