package org.yamtorrent.engine.bencode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict structural check of a bencoded document, run before the bytes reach a decoder.
 *
 * <p>Why: the dampcake decoder pads a truncated string with NUL bytes, wraps integers that overflow a long, and
 * allocates a string's declared length before reading it. This scanner rejects each of those cases, caps nesting
 * depth, and records where each top-level dictionary value lies, which the info-hash needs (it is computed over
 * the {@code info} value exactly as written, not over a re-encoding).
 */
public final class BencodeScanner {

    /** Deep enough for any real torrent, tracker reply or resume record; shallow enough for any stack. */
    public static final int MAX_DEPTH = 64;

    private final byte[] data;
    private final int limit;
    private int pos;
    /** Where the last key read starts, its length prefix included. */
    private int lastKey;

    private BencodeScanner(byte[] data, int offset, int limit) {
        this.data = data;
        this.pos = offset;
        this.limit = limit;
    }

    /**
     * Checks that {@code data} is exactly one well-formed dictionary and returns the span of each top-level value
     * by key (keys decoded as UTF-8).
     *
     * @throws BencodeException naming the offset and the problem
     */
    public static Map<String, Span> scanDictionary(byte[] data) {
        return scanDictionary(data, 0, data.length);
    }

    /** As {@link #scanDictionary(byte[])} over {@code data[offset, offset + length)}. */
    public static Map<String, Span> scanDictionary(byte[] data, int offset, int length) {
        BencodeScanner s = new BencodeScanner(data, offset, offset + length);
        if (s.pos >= s.limit || data[s.pos] != 'd') {
            throw new BencodeException("bencode: expected a dictionary at offset " + offset);
        }
        Map<String, Span> top = new HashMap<>();
        s.pos++;
        Set<String> seen = new HashSet<>();
        while (s.peek() != 'e') {
            String key = s.key(seen);
            int start = s.pos;
            s.value(1);
            top.put(key, new Span(start, s.pos - start));
        }
        s.pos++;
        if (s.pos != s.limit) {
            throw new BencodeException("bencode: " + (s.limit - s.pos) + " trailing bytes after the dictionary at offset " + s.pos);
        }
        return top;
    }

    /**
     * Checks that {@code data[offset, limit)} starts with one well-formed dictionary and returns the offset just
     * past it; bytes after it are allowed (a ut_metadata data message carries the piece behind its dictionary).
     *
     * @throws BencodeException naming the offset and the problem
     */
    public static int dictionaryEnd(byte[] data, int offset, int limit) {
        BencodeScanner s = new BencodeScanner(data, offset, limit);
        if (s.pos >= s.limit || data[s.pos] != 'd') {
            throw new BencodeException("bencode: expected a dictionary at offset " + offset);
        }
        s.value(1);
        return s.pos;
    }

    /**
     * Checks that {@code data[offset, offset + length)} is exactly one well-formed dictionary and returns, in
     * order, the span of each key's raw bytes and of its value: for dictionaries keyed by binary hashes.
     *
     * @throws BencodeException naming the offset and the problem
     */
    public static List<Span[]> scanEntries(byte[] data, int offset, int length) {
        BencodeScanner s = new BencodeScanner(data, offset, offset + length);
        if (s.pos >= s.limit || data[s.pos] != 'd') {
            throw new BencodeException("bencode: expected a dictionary at offset " + offset);
        }
        List<Span[]> entries = new ArrayList<>();
        s.pos++;
        Set<String> seen = new HashSet<>();
        while (s.peek() != 'e') {
            s.key(seen);
            int keyStart = s.pos;
            // the key was just read; find its content from its length prefix
            Span key = contentOf(data, s.lastKey, keyStart);
            int start = s.pos;
            s.value(1);
            entries.add(new Span[] {key, new Span(start, s.pos - start)});
        }
        s.pos++;
        if (s.pos != s.limit) {
            throw new BencodeException("bencode: " + (s.limit - s.pos) + " trailing bytes after the dictionary at offset " + s.pos);
        }
        return entries;
    }

    /** The content of a string whose encoding (length prefix included) spans [at, end). */
    private static Span contentOf(byte[] data, int at, int end) {
        int colon = at;
        while (data[colon] != ':') {
            colon++;
        }
        return new Span(colon + 1, end - colon - 1);
    }

    /**
     * The content of the byte string encoded at {@code data[value]} (a span {@link #scanEntries} returned), or
     * null when that value is not a string.
     */
    public static Span stringContent(byte[] data, Span value) {
        byte b = data[value.offset()];
        return b >= '0' && b <= '9' ? contentOf(data, value.offset(), value.end()) : null;
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new BencodeException("bencode: nesting deeper than " + MAX_DEPTH + " at offset " + pos);
        }
        byte b = peek();
        if (b == 'i') {
            integer();
        } else if (b == 'l') {
            pos++;
            while (peek() != 'e') {
                value(depth + 1);
            }
            pos++;
        } else if (b == 'd') {
            pos++;
            Set<String> seen = new HashSet<>();
            while (peek() != 'e') {
                key(seen);
                value(depth + 1);
            }
            pos++;
        } else if (b >= '0' && b <= '9') {
            string();
        } else {
            throw new BencodeException("bencode: unexpected byte 0x" + Integer.toHexString(b & 0xff) + " at offset " + pos);
        }
    }

    private String key(Set<String> seen) {
        lastKey = pos;
        byte b = peek();
        if (b < '0' || b > '9') {
            throw new BencodeException("bencode: dictionary key at offset " + pos + " is not a string");
        }
        int start = string();
        String key = new String(data, start, pos - start, StandardCharsets.UTF_8);
        // raw bytes for the check: binary keys (BEP 52 piece layers) may decode to the same UTF-8 text
        if (!seen.add(new String(data, start, pos - start, StandardCharsets.ISO_8859_1))) {
            throw new BencodeException("bencode: duplicate dictionary key '" + key + "' at offset " + start);
        }
        return key;
    }

    /** Skips a string; returns the offset of its first content byte. */
    private int string() {
        int at = pos;
        long length = 0;
        int digits = 0;
        while (peek() != ':') {
            byte d = data[pos];
            if (d < '0' || d > '9') {
                throw new BencodeException("bencode: bad string length at offset " + at);
            }
            if (digits == 1 && length == 0) {
                throw new BencodeException("bencode: string length with a leading zero at offset " + at);
            }
            length = length * 10 + (d - '0');
            digits++;
            if (length > limit - pos) {
                throw new BencodeException("bencode: string length at offset " + at + " exceeds the "
                        + (limit - at) + " bytes left");
            }
            pos++;
        }
        pos++;
        if (length > limit - pos) {
            throw new BencodeException("bencode: string of length " + length + " at offset " + at + " runs past the end");
        }
        int start = pos;
        pos += (int) length;
        return start;
    }

    private void integer() {
        int at = pos;
        pos++;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int first = pos;
        while (peek() != 'e') {
            byte d = data[pos];
            if (d < '0' || d > '9') {
                throw new BencodeException("bencode: bad integer at offset " + at);
            }
            pos++;
        }
        int digits = pos - first;
        if (digits == 0) {
            throw new BencodeException("bencode: empty integer at offset " + at);
        }
        if (digits > 1 && data[first] == '0' || negative && data[first] == '0') {
            throw new BencodeException("bencode: integer with a leading zero or -0 at offset " + at);
        }
        // A long has at most 19 digits; a 19-digit number may still overflow, so check the value exactly.
        String text = new String(data, at + 1, pos - at - 1, StandardCharsets.US_ASCII);
        if (digits > 19 || !fitsLong(text)) {
            throw new BencodeException("bencode: integer " + abbreviate(text) + " at offset " + at + " does not fit in 64 bits");
        }
        pos++;
    }

    private static boolean fitsLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 20) + "...";
    }

    private byte peek() {
        if (pos >= limit) {
            throw new BencodeException("bencode: truncated at offset " + pos);
        }
        return data[pos];
    }
}
