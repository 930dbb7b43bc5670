package org.yamtorrent.engine.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Who is banned from a torrent, and the strikes that lead there. A piece that fails its hash with one sender
 * gives that sender {@link #HASH_FAILURE_STRIKES} strikes; {@code banAfter} strikes ban it. A ban covers the
 * peer's IP address, as clients do, except on loopback where every test peer shares 127.0.0.1 and only the
 * address and port single a peer out; it covers the peer id as well, so a banned peer reconnecting from a new
 * port is still refused. Web seeds (BEP 19) get strikes and bans by their URL. Kept for the torrent's lifetime in this session, across pauses. Thread-safe.
 */
final class BanList {

    static final int HASH_FAILURE_STRIKES = 2;

    private final int banAfter;
    private final Map<Object, Integer> strikes = new HashMap<>();
    private final Set<Object> banned = new HashSet<>();

    BanList(int banAfter) {
        this.banAfter = banAfter;
    }

    /**
     * Adds strikes against the peer at {@code address}.
     *
     * @return true when they reached the limit: the caller bans the peer
     */
    synchronized boolean strike(InetSocketAddress address, int count) {
        return strikes.merge(key(address), count, Integer::sum) >= banAfter;
    }

    synchronized int strikes(InetSocketAddress address) {
        return strikes.getOrDefault(key(address), 0);
    }

    /** @return whether the peer was not banned before */
    synchronized boolean ban(InetSocketAddress address, byte[] peerId) {
        boolean byAddress = banned.add(key(address));
        boolean byId = peerId != null && banned.add(new PeerIdKey(peerId));
        return byAddress || byId;
    }

    /** Strikes against a web seed, by its URL. */
    synchronized boolean strike(String webSeedUrl, int count) {
        return strikes.merge(new WebSeedKey(webSeedUrl), count, Integer::sum) >= banAfter;
    }

    synchronized int strikes(String webSeedUrl) {
        return strikes.getOrDefault(new WebSeedKey(webSeedUrl), 0);
    }

    synchronized void ban(String webSeedUrl) {
        banned.add(new WebSeedKey(webSeedUrl));
    }

    synchronized boolean isBanned(String webSeedUrl) {
        return banned.contains(new WebSeedKey(webSeedUrl));
    }

    /** Whether an address may not be dialled. */
    synchronized boolean isBanned(InetSocketAddress address) {
        return banned.contains(address) || banned.contains(address.getAddress());
    }

    /** Whether a handshaken peer must not join. */
    synchronized boolean isBanned(InetSocketAddress address, byte[] peerId) {
        return banned.contains(key(address)) || banned.contains(new PeerIdKey(peerId));
    }

    private static Object key(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip.isLoopbackAddress() ? address : ip;
    }

    private record WebSeedKey(String url) {
    }

    private record PeerIdKey(String hex) {
        PeerIdKey(byte[] id) {
            this(HexFormat.of().formatHex(id));
        }
    }
}
