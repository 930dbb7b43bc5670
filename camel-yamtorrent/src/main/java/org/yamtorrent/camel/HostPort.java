package org.yamtorrent.camel;

import java.net.InetSocketAddress;

import org.yamtorrent.engine.metainfo.PeerAddress;

/** Parses the {@code host:port} (or {@code [ipv6]:port}) entries of the staticPeers option. */
public final class HostPort {

    private HostPort() {
    }

    public static InetSocketAddress parse(String s) {
        InetSocketAddress a;
        try {
            a = PeerAddress.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("static peer " + e.getMessage(), e);
        }
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }
}
