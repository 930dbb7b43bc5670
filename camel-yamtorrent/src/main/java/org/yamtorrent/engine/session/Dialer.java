package org.yamtorrent.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens a swarm's outgoing connections: addresses from the {@link AddressBook} that are due, up to the torrent's
 * and the session's connection limits, never one we are connected to (at the address it listens on), one that
 * is banned, or, for a moment, one on the IP of a peer that just dialled us (see {@link #PORT_WAIT_NANOS}).
 * Called under the swarm's lock.
 */
final class Dialer {

    /** How long a peer that dialled us has to name its listening port before we dial other ports on its IP. */
    static final long PORT_WAIT_NANOS = 2_000_000_000L;

    private final Session session;
    private final TorrentHandle torrent;
    private final AddressBook book;
    private final BanList bans;

    Dialer(Session session, TorrentHandle torrent) {
        this.session = session;
        this.torrent = torrent;
        this.book = torrent.addressBook();
        this.bans = torrent.banList();
    }

    void dial(List<PeerConnection> peers) {
        int room = Math.min(session.config().maxConnectionsPerTorrent() - peers.size() - book.dialling(),
                session.dialRoom());
        if (room <= 0) {
            return;
        }
        Set<InetSocketAddress> connected = new HashSet<>();
        Set<InetAddress> unsure = new HashSet<>();
        long now = System.nanoTime();
        for (PeerConnection p : peers) {
            connected.add(p.listenAddress != null ? p.listenAddress : p.address);
            if (p.listenAddress == null && p.extensions && now - p.joinedNanos < PORT_WAIT_NANOS) {
                unsure.add(p.address.getAddress());
            }
        }
        // An address on the IP of a peer that dialled us a moment ago may be that peer: its extension handshake
        // is about to say where it listens, so that address waits a tick or two rather than making a duplicate.
        for (InetSocketAddress a : book.dial(now, room,
                a -> connected.contains(a) || unsure.contains(a.getAddress()) || bans.isBanned(a))) {
            session.connect(a, torrent, book.source(a))
                    .addListener(f -> book.dialEnded(a, f.isSuccess(), System.nanoTime()));
        }
    }
}
