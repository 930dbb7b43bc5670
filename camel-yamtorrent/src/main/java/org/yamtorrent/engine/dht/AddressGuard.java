package org.yamtorrent.engine.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the DHT remembers about addresses to protect itself and others, in bounded maps (the least recently used
 * entry goes first):
 * <ul>
 * <li>a rate limit on the queries we answer per IP (a token bucket: {@code queriesPerSecond}, bursts of
 *     {@code burst}), so one host cannot take all our time;</li>
 * <li>the addresses that proved they receive what we send (they answered a query of ours with its transaction
 *     id, or brought back a token we gave them). To any other address we never send more bytes than it sent us:
 *     our port cannot amplify a spoofed flood.</li>
 * </ul>
 * Owned by the DHT's event loop.
 */
final class AddressGuard {

    static final int MAX_TRACKED = 8192;

    private final double queriesPerSecond;
    private final double burst;
    private final Map<InetAddress, double[]> buckets = lru();
    private final Map<InetSocketAddress, Boolean> verified = lru();

    AddressGuard(double queriesPerSecond, int burst) {
        if (queriesPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit must be positive");
        }
        this.queriesPerSecond = queriesPerSecond;
        this.burst = burst;
    }

    /** Takes one query from {@code ip}'s allowance; false when it has none left. */
    boolean allowQuery(InetAddress ip, long now) {
        double[] b = buckets.get(ip); // {tokens, last refill nanos}
        if (b == null) {
            b = new double[] {burst, now};
            buckets.put(ip, b);
        }
        b[0] = Math.min(burst, b[0] + (now - b[1]) / 1e9 * queriesPerSecond);
        b[1] = now;
        if (b[0] < 1) {
            return false;
        }
        b[0]--;
        return true;
    }

    void verified(InetSocketAddress address) {
        verified.put(address, Boolean.TRUE);
    }

    boolean isVerified(InetSocketAddress address) {
        return verified.get(address) != null;
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }
}
