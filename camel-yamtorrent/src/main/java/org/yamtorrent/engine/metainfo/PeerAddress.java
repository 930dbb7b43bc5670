package org.yamtorrent.engine.metainfo;

import java.net.InetSocketAddress;

/**
 * Parses a peer written as {@code host:port} or {@code [ipv6]:port} (magnet {@code x.pe}, static peers) without
 * asking DNS: the address comes back unresolved, so a parser of untrusted text never blocks on a lookup.
 */
public final class PeerAddress {

    private PeerAddress() {
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "' has an IPv6 address without [brackets]");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' has port outside 1..65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
