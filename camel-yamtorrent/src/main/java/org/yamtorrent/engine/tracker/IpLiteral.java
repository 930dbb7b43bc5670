package org.yamtorrent.engine.tracker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IPv4 dotted-quad and IPv6 text addresses without ever asking DNS: tracker replies and announce parameters
 * come from strangers, and a name lookup would block and leak.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** The address, or null when {@code text} is not an IP literal (a host name, a scoped address, garbage). */
    static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        // Only hex digits, colons and dots (for ::ffff:1.2.3.4): InetAddress then parses the literal itself and,
        // because the text holds a colon, fails instead of falling back to a lookup.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ':' && c != '.' && Character.digit(c, 16) < 0) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            raw[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
