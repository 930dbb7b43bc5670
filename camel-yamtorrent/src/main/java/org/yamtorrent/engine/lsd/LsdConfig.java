package org.yamtorrent.engine.lsd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where and how often Local Service Discovery announces.
 *
 * @param networkInterface the interface to join the groups and send on; null for the system's choice
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
     * BEP 14's groups and timings on {@code networkInterface} (null: the default one): the IPv4 group, and the
     * IPv6 group too where an interface that can multicast has an IPv6 address.
     */
    public static LsdConfig defaults(NetworkInterface networkInterface) {
        List<InetSocketAddress> groups = new ArrayList<>(List.of(IPV4_GROUP));
        if (ipv6Up(networkInterface)) {
            groups.add(IPV6_GROUP);
        }
        return new LsdConfig(networkInterface, groups, 1, Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    private static boolean ipv6Up(NetworkInterface only) {
        try {
            List<NetworkInterface> candidates = only != null ? List.of(only)
                    : Collections.list(NetworkInterface.getNetworkInterfaces());
            for (NetworkInterface ni : candidates) {
                if (ni.isUp() && ni.supportsMulticast() && !ni.isLoopback()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (a instanceof Inet6Address) {
                            return true;
                        }
                    }
                }
            }
        } catch (SocketException e) {
            return false;
        }
        return false;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
