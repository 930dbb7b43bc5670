package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The addresses we may dial for one torrent, each with where we learned it and how dialling it went. A new
 * address is dialled at once. A dial that does not end in a joined peer backs off: when nothing answered (a peer
 * not listening yet) 2 s doubling, so a peer that starts a moment after us is reached soon; when something
 * answered but did not join (it refused us, answers for another torrent, or is ourselves through a NAT) 10 s
 * doubling; both up to 5 minutes.
 * Bounded: beyond {@link #MAX_ADDRESSES} new addresses are ignored (a PEX or tracker flood cannot grow memory).
 * Thread-safe: it outlives the swarm of one run, and the torrent reaches it before any swarm exists.
 */
final class AddressBook {

    static final int MAX_ADDRESSES = 2_000;
    private static final long MAX_BACK_OFF_SECONDS = 300;

    private final Map<InetSocketAddress, Entry> entries = new LinkedHashMap<>();

    /** How dialling one address went. */
    private static final class Entry {
        final PeerSource source;
        boolean dialling;
        /** Dialled at least once; whether the latest dial made a TCP connection; whether a peer joined since. */
        boolean tried;
        boolean connected;
        boolean joined;
        int failures;
        /** Whether {@link #nextDialNanos} holds: a new or forgiven address is due at once. */
        boolean backingOff;
        long nextDialNanos;
        /** It hung up on our encrypted handshake: dialled in plaintext from now on. */
        boolean plaintext;

        Entry(PeerSource source) {
            this.source = source;
        }
    }

    /**
     * Adds addresses not known yet, tagged with {@code source}; a known one keeps its source and back-off.
     *
     * @return how many were new
     */
    synchronized int add(List<InetSocketAddress> addresses, PeerSource source) {
        int added = 0;
        for (InetSocketAddress a : addresses) {
            if (entries.size() >= MAX_ADDRESSES) {
                break;
            }
            if (entries.putIfAbsent(a, new Entry(source)) == null) {
                added++;
            }
        }
        return added;
    }

    synchronized int size() {
        return entries.size();
    }

    /** The addresses learned from {@code source}, in the order they were learned. */
    synchronized List<InetSocketAddress> from(PeerSource source) {
        return entries.entrySet().stream().filter(e -> e.getValue().source == source).map(Map.Entry::getKey).toList();
    }

    /** Where {@code address} came from, or null when it is not in the book. */
    synchronized PeerSource source(InetSocketAddress address) {
        Entry e = entries.get(address);
        return e == null ? null : e.source;
    }

    /**
     * Picks up to {@code max} addresses due for a dial, in the order they were learned, and marks them dialling.
     *
     * @param skip addresses not to dial now: connected, banned, ourselves
     */
    synchronized List<InetSocketAddress> dial(long nowNanos, int max, Predicate<InetSocketAddress> skip) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, Entry> e : entries.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            Entry c = e.getValue();
            if (!c.dialling && (!c.backingOff || nowNanos - c.nextDialNanos >= 0) && !skip.test(e.getKey())) {
                c.dialling = true;
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * A dial ended: the connect failed, or the connection is up. It counts as failed until the peer joins
     * ({@link #joined} clears this).
     *
     * @param connected whether the TCP connection was made
     */
    synchronized void dialEnded(InetSocketAddress address, boolean connected, long nowNanos) {
        Entry c = entries.get(address);
        if (c != null) {
            c.dialling = false;
            c.tried = true;
            c.connected = connected;
            c.joined = false;
            c.failures++;
            c.backingOff = true;
            c.nextDialNanos = nowNanos + TimeUnit.SECONDS.toNanos(backOffSeconds(c.failures, connected));
        }
    }

    /** A peer at {@code address} joined: it may be dialled again as soon as it leaves. */
    synchronized void joined(InetSocketAddress address) {
        Entry c = entries.get(address);
        if (c != null) {
            c.joined = true;
            c.failures = 0;
            c.backingOff = false;
        }
    }

    /**
     * The peer at {@code address} hung up during our MSE handshake: dial it again at once, in plaintext (as
     * libtorrent does when encryption is only preferred).
     */
    synchronized void encryptionRefused(InetSocketAddress address) {
        Entry c = entries.get(address);
        if (c != null && !c.plaintext) {
            c.plaintext = true;
            c.backingOff = false;
        }
    }

    /** Whether {@code address} is dialled without MSE (see {@link #encryptionRefused}). */
    synchronized boolean plaintextOnly(InetSocketAddress address) {
        Entry c = entries.get(address);
        return c != null && c.plaintext;
    }

    /** The torrent stopped its connections: when it starts again every address is due at once. */
    synchronized void forgetBackOff() {
        entries.values().forEach(c -> c.backingOff = false);
    }

    /** Seconds to wait after the {@code failures}th failed dial in a row (at least 1). */
    static long backOffSeconds(int failures, boolean connected) {
        long first = connected ? 10 : 2;
        return Math.min(MAX_BACK_OFF_SECONDS, first << Math.min(failures - 1, 8));
    }

    /** How dialling went so far, for a stalled torrent's reason. */
    synchronized DialStats stats() {
        int tried = 0;
        int unreachable = 0;
        int notJoined = 0;
        for (Entry c : entries.values()) {
            if (c.tried) {
                tried++;
                unreachable += !c.joined && !c.dialling && !c.connected ? 1 : 0;
                notJoined += !c.joined && !c.dialling && c.connected ? 1 : 0;
            }
        }
        return new DialStats(entries.size(), tried, unreachable, notJoined);
    }

    /** The addresses being dialled now: they count against the connection limits. */
    synchronized int dialling() {
        int n = 0;
        for (Entry c : entries.values()) {
            n += c.dialling ? 1 : 0;
        }
        return n;
    }
}
