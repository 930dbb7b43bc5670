package org.yamtorrent.engine.metainfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A magnet link (BEP 9): {@code magnet:?xt=urn:btih:<info-hash>&dn=<name>&tr=<tracker>&xl=<length>&x.pe=<peer>}.
 * The info-hash may be 40 hex digits or 32 base32 characters.
 *
 * @param infoHash    the torrent's v1 info-hash
 * @param displayName the {@code dn} name, or null
 * @param trackers    the {@code tr} URLs in order
 * @param exactLength the {@code xl} payload length, or null
 * @param peers       the {@code x.pe} peer addresses ({@code host:port}) in order
 */
public record MagnetUri(InfoHash infoHash, String displayName, List<String> trackers, Long exactLength, List<String> peers) {

    /** Longer links are refused before any parsing: no real magnet link comes near. */
    public static final int MAX_LENGTH = 64 * 1024;
    private static final String PREFIX = "magnet:?";
    private static final String BTIH = "urn:btih:";

    public MagnetUri {
        trackers = List.copyOf(trackers);
        peers = List.copyOf(peers);
    }

    public static boolean isMagnet(String s) {
        return s != null && s.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * @throws MetainfoException naming the parameter and the problem
     */
    public static MagnetUri parse(String uri) {
        if (uri.length() > MAX_LENGTH) {
            throw new MetainfoException("magnet link of " + uri.length() + " characters is longer than " + MAX_LENGTH);
        }
        if (!isMagnet(uri)) {
            throw new MetainfoException("magnet link does not start with '" + PREFIX + "'");
        }
        InfoHash hash = null;
        String name = null;
        Long length = null;
        List<String> trackers = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        boolean sawV2 = false;
        for (String pair : uri.substring(PREFIX.length()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = decode(key, pair.substring(eq + 1));
            switch (key) {
                case "xt" -> {
                    if (value.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
                        if (hash != null) {
                            throw new MetainfoException("magnet link has more than one xt=urn:btih");
                        }
                        hash = infoHash(value.substring(BTIH.length()));
                    } else {
                        sawV2 |= value.regionMatches(true, 0, "urn:btmh:", 0, 9);
                    }
                }
                case "dn" -> name = value;
                case "tr" -> trackers.add(value);
                case "x.pe" -> peers.add(value);
                case "xl" -> length = exactLength(value);
                default -> {
                    // Other parameters (ws, so, kt, ...) are not used by this engine.
                }
            }
        }
        if (hash == null) {
            throw new MetainfoException(sawV2 ? "magnet link has only a v2 hash (urn:btmh), which is not supported"
                    : "magnet link has no xt=urn:btih parameter");
        }
        return new MagnetUri(hash, name, trackers, length, peers);
    }

    private static String decode(String key, String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MetainfoException("magnet link parameter " + key + " is not valid percent-encoding");
        }
    }

    private static InfoHash infoHash(String text) {
        if (text.length() == 40) {
            try {
                return InfoHash.fromHex(text);
            } catch (IllegalArgumentException e) {
                throw new MetainfoException("magnet link xt=urn:btih has 40 characters that are not hex digits");
            }
        }
        if (text.length() == 32) {
            return InfoHash.of(Base32.decode(text));
        }
        throw new MetainfoException("magnet link xt=urn:btih has " + text.length()
                + " characters; expected 40 hex or 32 base32");
    }

    private static Long exactLength(String value) {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new MetainfoException("magnet link xl " + length + " is negative");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new MetainfoException("magnet link xl '" + value + "' is not a number");
        }
    }

    /** RFC 4648 base32 without padding, the second spelling of an info-hash in magnet links. */
    private static final class Base32 {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        static byte[] decode(String text) {
            byte[] out = new byte[text.length() * 5 / 8];
            long buffer = 0;
            int bits = 0;
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                int v = ALPHABET.indexOf(Character.toUpperCase(text.charAt(i)));
                if (v < 0) {
                    throw new MetainfoException("magnet link xt=urn:btih has '" + text.charAt(i) + "', which is not base32");
                }
                buffer = buffer << 5 | v;
                bits += 5;
                if (bits >= 8) {
                    bits -= 8;
                    out[n++] = (byte) (buffer >>> bits);
                }
            }
            return out;
        }
    }
}
