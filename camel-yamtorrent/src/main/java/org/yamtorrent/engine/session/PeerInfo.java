package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;

/**
 * One connected peer as a status page shows it: a snapshot.
 *
 * @param client         its peer id's client prefix (e.g. "-TR3000-")
 * @param downloadRate   bytes per second we receive from it
 * @param uploadRate     bytes per second we send it
 * @param pieces         how many pieces it has, or -1 while the torrent's metadata is not known
 * @param encrypted      whether the connection is RC4-encrypted (MSE/PE)
 */
public record PeerInfo(InetSocketAddress address, PeerSource source, String client, double downloadRate,
        double uploadRate, boolean amChoking, boolean amInterested, boolean peerChoking, boolean peerInterested,
        int pieces, boolean encrypted) {
}
