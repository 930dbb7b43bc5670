package org.yamtorrent.engine.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.wire.Handshake;
import org.yamtorrent.engine.wire.WireException;
import org.yamtorrent.engine.wire.WireTransport;

/**
 * The session's listening sockets (BEP 7): one per configured address, all on one TCP port, which the first
 * socket picks when the port is 0. An IPv6 wildcard ({@code ::}) is bound first: on Linux it takes IPv4
 * connections too (unless {@code net.ipv6.bindv6only} is set), so an IPv4 address whose port it already holds is
 * served by it rather than refused. Which address families we can be reached on decides where trackers hear from
 * us ({@link #families()}).
 */
final class Listeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<Channel> channels;
    private final List<InetAddress> addresses;
    private final int port;
    private final Set<StandardProtocolFamily> families;

    private Listeners(List<Channel> channels, List<InetAddress> addresses, int port,
                      Set<StandardProtocolFamily> families) {
        this.channels = channels;
        this.addresses = List.copyOf(addresses);
        this.port = port;
        this.families = families;
    }

    /**
     * @throws WireException when an address cannot be bound (every socket bound so far is closed again)
     */
    static Listeners bind(WireTransport transport, List<InetAddress> addresses, int port,
                          ToIntFunction<Handshake> pieceCount, Consumer<Channel> accept) {
        List<InetAddress> order = new ArrayList<>(addresses);
        order.sort(Comparator.comparing(a -> !isIpv6Wildcard(a)));
        List<Channel> channels = new ArrayList<>();
        Set<StandardProtocolFamily> families = EnumSet.noneOf(StandardProtocolFamily.class);
        int bound = port;
        try {
            for (InetAddress a : order) {
                Channel ch;
                try {
                    ch = transport.listen(new InetSocketAddress(a, bound), pieceCount, accept);
                } catch (WireException e) {
                    if (a instanceof Inet4Address && families.contains(StandardProtocolFamily.INET)) {
                        LOG.debug("{}:{} is served by the IPv6 wildcard socket ({})", a.getHostAddress(), bound,
                                e.getMessage());
                        continue;
                    }
                    throw e;
                }
                channels.add(ch);
                bound = ((InetSocketAddress) ch.localAddress()).getPort();
                families.add(a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                if (isIpv6Wildcard(a)) {
                    families.add(StandardProtocolFamily.INET);
                }
            }
        } catch (RuntimeException e) {
            channels.forEach(Channel::close);
            throw e;
        }
        return new Listeners(channels, addresses, bound, families);
    }

    private static boolean isIpv6Wildcard(InetAddress a) {
        return a instanceof Inet6Address && a.isAnyLocalAddress();
    }

    int port() {
        return port;
    }

    /** The address families peers can reach us on: one tracker announce goes out for each. */
    Set<StandardProtocolFamily> families() {
        return families;
    }

    /** True when {@code a} is one of our listening sockets (any address of this machine on our port). */
    boolean isSelf(InetSocketAddress a) {
        if (a.getPort() != port || a.getAddress() == null) {
            return false;
        }
        InetAddress ip = a.getAddress();
        if (ip.isLoopbackAddress() || ip.isAnyLocalAddress() || addresses.contains(ip)) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    boolean isActive() {
        return channels.stream().allMatch(Channel::isActive);
    }

    /** One of the listening channels, for its event loop group. */
    Channel any() {
        return channels.get(0);
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
    }
}
