package org.yamtorrent.engine.pex;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What we learn from one peer's ut_pex messages, with caps so a flood cannot grow memory or work: a message that
 * comes sooner than {@link #MIN_INTERVAL_MILLIS} after the previous one is ignored, and at most
 * {@link #MAX_KNOWN} peers named by this peer are remembered at once (its {@code dropped} make room). The address
 * book behind it caps its own size too.
 *
 * <p>Not thread-safe: the thread that reads the peer's messages owns it.
 */
public final class PexReceiver {

    /** BEP 11 senders wait a minute between messages; well-behaved ones are never this quick. */
    public static final long MIN_INTERVAL_MILLIS = 10_000;
    /** Peers named by one peer that we keep at a time. */
    public static final int MAX_KNOWN = 500;

    private final Set<InetSocketAddress> known = new LinkedHashSet<>();
    private long lastMessage = Long.MIN_VALUE;
    private long ignored;

    /**
     * @return the peers this message names that this peer had not named before, to hand to the address book
     */
    public List<PexPeer> accept(PexMessage message, long now) {
        if (lastMessage != Long.MIN_VALUE && now - lastMessage < MIN_INTERVAL_MILLIS) {
            ignored++;
            return List.of();
        }
        lastMessage = now;
        message.dropped().forEach(known::remove);
        List<PexPeer> learned = new ArrayList<>();
        for (PexPeer p : message.added()) {
            if (known.size() >= MAX_KNOWN) {
                break;
            }
            if (known.add(p.address())) {
                learned.add(p);
            }
        }
        return learned;
    }

    /** Messages ignored because they came too soon; a peer with many is flooding. */
    public long ignored() {
        return ignored;
    }
}
