package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers we hold back from askers that have not yet shown they receive our packets, until they answer our
 * ping (then they get the full answer) or fail to (then nothing). Bounded; owned by the DHT's event loop.
 */
final class ProofWait {

    private final int max;
    private final Map<InetSocketAddress, KrpcMessage> held = new LinkedHashMap<>();

    ProofWait(int max) {
        this.max = max;
    }

    /** Holds {@code answer} for {@code asker}; false when one is already held for it or the wait is full. */
    boolean offer(InetSocketAddress asker, KrpcMessage answer) {
        if (held.size() >= max || held.containsKey(asker)) {
            return false;
        }
        held.put(asker, answer);
        return true;
    }

    KrpcMessage take(InetSocketAddress asker) {
        return held.remove(asker);
    }
}
