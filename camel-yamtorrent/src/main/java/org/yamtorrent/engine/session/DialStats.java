package org.yamtorrent.engine.session;

/**
 * How dialling a torrent's peers went, for a stalled torrent's reason: the addresses known (from trackers, DHT, PEX,
 * static peers), how many were dialled, and of those, how the latest dial ended when no peer joined from it.
 *
 * @param known       addresses in the torrent's address book
 * @param tried       addresses dialled at least once
 * @param unreachable tried ones whose latest dial made no TCP connection (refused, timed out)
 * @param notJoined   tried ones that answered but did not join (closed before or at the handshake, refused us)
 */
public record DialStats(int known, int tried, int unreachable, int notJoined) {

    @Override
    public String toString() {
        return known + " peers known, " + tried + " tried (" + unreachable + " unreachable, " + notJoined
               + " did not join)";
    }
}
