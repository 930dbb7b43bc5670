package org.yamtorrent.engine.tracker;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * What a client tells a tracker in one announce (BEP 3, BEP 15). Immutable.
 *
 * @param infoHash   the torrent
 * @param peerId     our 20-byte peer id
 * @param port       the TCP port we accept peers on, 1..65535
 * @param uploaded   bytes uploaded since the {@code started} event
 * @param downloaded bytes downloaded since the {@code started} event
 * @param left       bytes still missing
 * @param event      {@link AnnounceEvent#NONE} for a regular re-announce
 * @param numWant    how many peers we want, or -1 for the tracker's default
 * @param key        a per-session random number that lets a tracker recognise us across address changes (BEP 7)
 * @param trackerId  the {@code tracker id} the tracker gave in an earlier reply, or null
 */
public record AnnounceRequest(InfoHash infoHash, byte[] peerId, int port, long uploaded, long downloaded, long left,
                              AnnounceEvent event, int numWant, int key, String trackerId) {

    public static final int PEER_ID_LENGTH = 20;

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(event, "event");
        if (peerId == null || peerId.length != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("peerId must have 20 bytes");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("uploaded/downloaded/left must not be negative");
        }
        if (numWant < -1) {
            throw new IllegalArgumentException("numWant " + numWant + " is below -1");
        }
        peerId = peerId.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    public AnnounceRequest withEvent(AnnounceEvent newEvent) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, newEvent, numWant, key, trackerId);
    }

    public AnnounceRequest withTrackerId(String newTrackerId) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, numWant, key, newTrackerId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r && infoHash.equals(r.infoHash) && Arrays.equals(peerId, r.peerId)
                && port == r.port && uploaded == r.uploaded && downloaded == r.downloaded && left == r.left
                && event == r.event && numWant == r.numWant && key == r.key && Objects.equals(trackerId, r.trackerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHash, Arrays.hashCode(peerId), port, uploaded, downloaded, left, event, numWant, key, trackerId);
    }

    @Override
    public String toString() {
        return "AnnounceRequest[" + infoHash + " peer " + HexFormat.of().formatHex(peerId) + " port " + port
                + " up " + uploaded + " down " + downloaded + " left " + left + " " + event + "]";
    }
}
