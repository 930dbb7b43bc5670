package org.yamtorrent.engine.metainfo;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A magnet link (BEP 9, BEP 53): {@code magnet:?xt=urn:btih:<info-hash>&dn=<name>&tr=<tracker>&xl=<length>
 * &x.pe=<host:port>&ws=<web seed>&so=<file indexes>}. The info-hash may be 40 hex digits or 32 base32 characters;
 * BEP 52's {@code xt=urn:btmh:1220<SHA-256 hex>} names a v2 torrent, alone (v2-only) or beside a btih (hybrid).
 *
 * @param infoHash      the torrent's info-hash: v1, v2 (truncated to 20 bytes on the wire) or both
 * @param displayName   the {@code dn} name, or null
 * @param trackers      the {@code tr} URLs in order, without repeats; each is a tier of its own
 * @param exactLength   the {@code xl} payload length, or null
 * @param peers         the {@code x.pe} peers, unresolved, in order
 * @param webSeeds      the {@code ws} URLs in order
 * @param selectedFiles the {@code so} file index ranges (BEP 53); empty selects every file
 */
public record MagnetUri(InfoHash infoHash, String displayName, List<String> trackers, Long exactLength,
                        List<InetSocketAddress> peers, List<String> webSeeds, List<FileRange> selectedFiles) {

    /** Longer links are refused before any parsing: no real magnet link comes near. */
    public static final int MAX_LENGTH = 64 * 1024;
    private static final String PREFIX = "magnet:?";
    private static final String BTIH = "urn:btih:";
    private static final String BTMH = "urn:btmh:";

    public MagnetUri {
        trackers = List.copyOf(trackers);
        peers = List.copyOf(peers);
        webSeeds = List.copyOf(webSeeds);
        selectedFiles = List.copyOf(selectedFiles);
    }

    /** The files {@code first..last} (inclusive, 0-based, in the order of the torrent's file list). */
    public record FileRange(int first, int last) {
        public boolean contains(int index) {
            return index >= first && index <= last;
        }
    }

    public static boolean isMagnet(String s) {
        return s != null && s.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The trackers as announce tiers: one tier per {@code tr}, tried in order. */
    public List<List<String>> trackerTiers() {
        return trackers.stream().map(List::of).toList();
    }

    /** Whether BEP 53's {@code so} asks for file {@code index}; true for every file when there is no {@code so}. */
    public boolean selectsFile(int index) {
        return selectedFiles.isEmpty() || selectedFiles.stream().anyMatch(r -> r.contains(index));
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
        Fields f = new Fields();
        for (String pair : uri.substring(PREFIX.length()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String key = pair.substring(0, eq).toLowerCase(Locale.ROOT);
                f.add(key, decode(key, pair.substring(eq + 1)));
            }
        }
        if (f.hash == null && f.v2 == null) {
            throw unsupportedTopic(f);
        }
        InfoHash hash = f.v2 == null ? f.hash : InfoHash.of(f.hash == null ? null : f.hash.bytes(), f.v2);
        return new MagnetUri(hash, f.name, List.copyOf(f.trackers), f.length, f.peers, f.webSeeds, f.selected);
    }

    /** What a link without a BitTorrent hash gets. */
    private static MetainfoException unsupportedTopic(Fields f) {
        if (f.otherTopic == null) {
            return new MetainfoException("magnet link has no xt=urn:btih or xt=urn:btmh parameter");
        }
        return new MetainfoException("magnet link xt=" + f.otherTopic + " is not a BitTorrent info-hash (urn:btih)");
    }

    /** The parameters seen so far. */
    private static final class Fields {
        InfoHash hash;
        String otherTopic;
        /** The BEP 52 SHA-256 from {@code xt=urn:btmh:}: a v2-only torrent, or a hybrid one beside a btih. */
        byte[] v2;
        String name;
        Long length;
        final Set<String> trackers = new LinkedHashSet<>();
        final List<InetSocketAddress> peers = new ArrayList<>();
        final List<String> webSeeds = new ArrayList<>();
        final List<FileRange> selected = new ArrayList<>();

        void add(String key, String value) {
            // BEP 9 numbers repeated topics xt.1, xt.2, ...
            if (key.equals("xt") || key.startsWith("xt.")) {
                topic(value);
                return;
            }
            switch (key) {
                case "dn" -> name = value;
                case "tr" -> trackers.add(value);
                case "x.pe" -> peers.add(peer(value));
                case "xl" -> length = number("xl", value, Long.MAX_VALUE);
                case "ws" -> webSeeds.add(value);
                case "so" -> selected.addAll(fileRanges(value));
                default -> {
                    // other parameters (kt, as, xs, ...) are not used by this engine
                }
            }
        }

        private void topic(String value) {
            if (value.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
                if (hash != null) {
                    throw new MetainfoException("magnet link has more than one xt=urn:btih");
                }
                hash = infoHash(value.substring(BTIH.length()));
            } else if (value.regionMatches(true, 0, BTMH, 0, BTMH.length()) && v2 == null) {
                v2 = multihash(value.substring(BTMH.length()));
            } else if (otherTopic == null) {
                otherTopic = value.length() > 80 ? value.substring(0, 80) + "..." : value;
            }
        }
    }

    /** BEP 52: a multihash of SHA-256 ({@code 0x12}) of 32 bytes ({@code 0x20}), in hex. */
    private static byte[] multihash(String text) {
        if (text.length() != 68 || !text.regionMatches(true, 0, "1220", 0, 4)) {
            throw new MetainfoException("magnet link xt=urn:btmh is not '1220' and 64 hex digits (a SHA-256 multihash)");
        }
        try {
            return java.util.HexFormat.of().parseHex(text.substring(4));
        } catch (IllegalArgumentException e) {
            throw new MetainfoException("magnet link xt=urn:btmh has characters that are not hex digits");
        }
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

    private static InetSocketAddress peer(String value) {
        try {
            return PeerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new MetainfoException("magnet link x.pe " + e.getMessage());
        }
    }

    /** BEP 53: comma-separated indexes and inclusive ranges, e.g. {@code 0,2,4-6}. */
    private static List<FileRange> fileRanges(String value) {
        List<FileRange> ranges = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            int dash = part.indexOf('-');
            int first = (int) number("so", dash < 0 ? part : part.substring(0, dash), MetainfoReader.MAX_FILES - 1);
            int last = dash < 0 ? first : (int) number("so", part.substring(dash + 1), MetainfoReader.MAX_FILES - 1);
            if (last < first) {
                throw new MetainfoException("magnet link so range '" + part + "' ends before it starts");
            }
            ranges.add(new FileRange(first, last));
        }
        return ranges;
    }

    private static long number(String key, String text, long max) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MetainfoException("magnet link " + key + " '" + shorten(text) + "' is not a non-negative number");
        }
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = -1; // 19 digits above Long.MAX_VALUE
        }
        if (n < 0 || n > max) {
            throw new MetainfoException("magnet link " + key + " " + text + " is larger than " + max);
        }
        return n;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
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
