package org.yamtorrent.camel;

import java.net.InetSocketAddress;

/** Parses the {@code host:port} (or {@code [ipv6]:port}) entries of the staticPeers option. */
public final class HostPort {

    private HostPort() {
    }

    public static InetSocketAddress parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("static peer '" + s + "' is not host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("static peer '" + s + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("static peer '" + s + "' has port outside 1..65535");
        }
        return new InetSocketAddress(host, port);
    }
}
