package org.yamtorrent.engine.pex;

import java.net.InetSocketAddress;

/**
 * A peer named in a ut_pex message, with its BEP 11 flags byte.
 *
 * @param address an IPv4 or IPv6 address and port
 * @param flags   {@link #ENCRYPTION}, {@link #SEED}, {@link #UTP}, {@link #HOLEPUNCH}, {@link #REACHABLE}
 */
public record PexPeer(InetSocketAddress address, int flags) {

    /** Prefers encryption. */
    public static final int ENCRYPTION = 0x01;
    /** Is a seed, or only uploads. */
    public static final int SEED = 0x02;
    /** Supports uTP. */
    public static final int UTP = 0x04;
    /** Supports ut_holepunch. */
    public static final int HOLEPUNCH = 0x08;
    /** We connected to it, so it accepts incoming connections. */
    public static final int REACHABLE = 0x10;

    public boolean isSeed() {
        return (flags & SEED) != 0;
    }
}
