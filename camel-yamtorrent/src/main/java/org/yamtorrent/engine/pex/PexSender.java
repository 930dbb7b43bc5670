package org.yamtorrent.engine.pex;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * What we tell one peer through ut_pex (BEP 11): the peers we are connected to that it has not heard of from us
 * (added) and those we told it about and are no longer connected to (dropped), at most once a
 * {@link #INTERVAL_MILLIS minute} and at most {@link #MAX_ADDED} added and dropped a message; what does not fit
 * waits for the next one.
 *
 * <p>Not thread-safe: the thread that writes to the peer owns it.
 */
public final class PexSender {

    public static final long INTERVAL_MILLIS = 60_000;
    public static final int MAX_ADDED = 50;

    private final InetSocketAddress self;
    private final Set<InetSocketAddress> told = new HashSet<>();
    private long lastSent = Long.MIN_VALUE;

    /** @param self the address of the peer we send to, never named to itself */
    public PexSender(InetSocketAddress self) {
        this.self = self;
    }

    /** PEX runs only on torrents known not to be private (BEP 27): not before the metadata is, either. */
    public static boolean allowed(Metainfo metainfo) {
        return metainfo != null && !metainfo.isPrivate();
    }

    /**
     * The message to send now, or null when it is too soon or there is nothing new.
     *
     * @param connected the peers we are connected to now, with their flags
     */
    public PexMessage next(Collection<PexPeer> connected, long now) {
        if (lastSent != Long.MIN_VALUE && now - lastSent < INTERVAL_MILLIS) {
            return null;
        }
        Map<InetSocketAddress, PexPeer> current = new LinkedHashMap<>();
        connected.forEach(p -> current.putIfAbsent(p.address(), p));
        current.remove(self);
        List<PexPeer> added = new ArrayList<>();
        for (PexPeer p : current.values()) {
            if (added.size() == MAX_ADDED) {
                break;
            }
            if (!told.contains(p.address())) {
                added.add(p);
            }
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (InetSocketAddress a : told) {
            if (dropped.size() == MAX_ADDED) {
                break;
            }
            if (!current.containsKey(a)) {
                dropped.add(a);
            }
        }
        if (added.isEmpty() && dropped.isEmpty()) {
            return null;
        }
        added.forEach(p -> told.add(p.address()));
        dropped.forEach(told::remove);
        lastSent = now;
        return new PexMessage(added, dropped);
    }
}
