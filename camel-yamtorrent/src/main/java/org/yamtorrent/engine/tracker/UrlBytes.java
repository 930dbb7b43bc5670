package org.yamtorrent.engine.tracker;

import java.io.ByteArrayOutputStream;

/** Percent-encoding of raw bytes in a URL query, as BEP 3 wants for {@code info_hash} and {@code peer_id}. */
final class UrlBytes {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlBytes() {
    }

    /** Escapes every byte outside the RFC 3986 unreserved set (letters, digits, {@code - . _ ~}). */
    static String encode(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                s.append((char) c);
            } else {
                s.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return s.toString();
    }

    /**
     * Decodes one query value. A {@code +} is a space, as in HTML form encoding, which is what other trackers do.
     *
     * @throws TrackerException when a {@code %} is not followed by two hex digits
     */
    static byte[] decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new TrackerException("query: bad percent-escape at offset " + i);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                throw new TrackerException("query: non-ASCII character at offset " + i);
            }
        }
        return out.toByteArray();
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
