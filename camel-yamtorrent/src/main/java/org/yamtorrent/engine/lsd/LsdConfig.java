package org.yamtorrent.engine.lsd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where and how often Local Service Discovery announces.
 *
 * @param networkInterface the interface to join the groups and send on ({@link #forListenAddress} picks one)
 * @param groups           multicast groups with their port ({@link #IPV4_GROUP}, {@link #IPV6_GROUP})
 * @param ttl              IP_MULTICAST_TTL (hops); 1 keeps announces on the local link
 * @param interval         how often each torrent is announced again (BEP 14: every 5 minutes)
 * @param minGap           the least time between two announces on one group (BEP 14: one a minute)
 */
public record LsdConfig(NetworkInterface networkInterface, List<InetSocketAddress> groups, int ttl, Duration interval,
                        Duration minGap) {

    public static final InetSocketAddress IPV4_GROUP = new InetSocketAddress(address("239.192.152.143"), 6771);
    public static final InetSocketAddress IPV6_GROUP = new InetSocketAddress(address("ff15::efc0:988f"), 6771);

    public LsdConfig {
        Objects.requireNonNull(networkInterface, "lsd: no network interface");
        groups = List.copyOf(groups);
        if (groups.isEmpty() || ttl < 1 || ttl > 255 || interval.compareTo(minGap) < 0 || minGap.isNegative()) {
            throw new IllegalArgumentException("lsd: need a group, a ttl in 1..255 and an interval >= the gap");
        }
        for (InetSocketAddress g : groups) {
            if (!g.getAddress().isMulticastAddress()) {
                throw new IllegalArgumentException("lsd: " + g + " is not a multicast group");
            }
        }
    }

    /**
     * BEP 14's groups and timings on {@code networkInterface}: the IPv4 group where it has an IPv4 address, the
     * IPv6 group where it has an IPv6 one.
     *
     * @throws IllegalArgumentException when it has neither
     */
    public static LsdConfig defaults(NetworkInterface networkInterface) {
        List<InetSocketAddress> groups = new ArrayList<>();
        for (InetAddress a : Collections.list(networkInterface.getInetAddresses())) {
            InetSocketAddress g = a instanceof Inet6Address ? IPV6_GROUP : IPV4_GROUP;
            if (!groups.contains(g)) {
                groups.add(g);
            }
        }
        groups.sort(Comparator.comparing(g -> g.getAddress() instanceof Inet6Address));
        return new LsdConfig(networkInterface, groups, 1, Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    /**
     * BEP 14's defaults for a session that takes peers on {@code listenAddress}: on the interface that holds it, or
     * for a wildcard address on the first interface that is up, multicasts and is not loopback. Null where there
     * is none (a loopback address: nobody on the LAN could connect to us anyway).
     */
    public static LsdConfig forListenAddress(InetAddress listenAddress) {
        try {
            if (listenAddress.isLoopbackAddress()) {
                return null;
            }
            List<NetworkInterface> candidates = listenAddress.isAnyLocalAddress()
                    ? Collections.list(NetworkInterface.getNetworkInterfaces())
                    : Arrays.asList(NetworkInterface.getByInetAddress(listenAddress));
            for (NetworkInterface ni : candidates) {
                if (ni != null && ni.isUp() && ni.supportsMulticast() && !ni.isLoopback()
                        && ni.getInetAddresses().hasMoreElements()) {
                    return defaults(ni);
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
