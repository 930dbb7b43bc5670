package org.yamtorrent.engine.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes canonical bencode (BEP 3): dictionary keys sorted as raw byte strings, integers without leading zeros.
 * Values may be {@link Long}/{@link Integer}, {@code byte[]}, {@link ByteBuffer} (its remaining bytes),
 * {@link String} (written as UTF-8), {@link List} and {@link Map} with {@link String} or {@code byte[]} keys.
 *
 * <p>Written because dampcake's encoder sorts keys as Java strings (UTF-16 order, which differs from byte order
 * above U+FFFF) and writes a ByteBuffer's whole backing array, ignoring its position, limit and offset; an
 * info-hash must be computed over exactly the canonical bytes.
 */
public final class BencodeWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private BencodeWriter() {
    }

    /** The canonical encoding of {@code value}. */
    public static byte[] encode(Object value) {
        BencodeWriter w = new BencodeWriter();
        w.write(value);
        return w.out.toByteArray();
    }

    private void write(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            ascii("i" + ((Number) value).longValue() + "e");
        } else if (value instanceof byte[] b) {
            string(b);
        } else if (value instanceof ByteBuffer buf) {
            ByteBuffer copy = buf.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            string(b);
        } else if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            string(b);
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(this::write);
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            dictionary(map);
        } else {
            throw new IllegalArgumentException("cannot bencode " + (value == null ? "null" : value.getClass()));
        }
    }

    private void dictionary(Map<?, ?> map) {
        List<Map.Entry<byte[], Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(Map.entry(key(e.getKey()), e.getValue()));
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        out.write('d');
        for (int i = 0; i < entries.size(); i++) {
            byte[] k = entries.get(i).getKey();
            if (i > 0 && Arrays.equals(k, entries.get(i - 1).getKey())) {
                throw new IllegalArgumentException("duplicate dictionary key " + new String(k, StandardCharsets.UTF_8));
            }
            string(k);
            write(entries.get(i).getValue());
        }
        out.write('e');
    }

    private static byte[] key(Object key) {
        if (key instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (key instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("a dictionary key must be a String or byte[], not "
                + (key == null ? "null" : key.getClass()));
    }

    private void string(byte[] b) {
        ascii(Integer.toString(b.length));
        out.write(':');
        out.writeBytes(b);
    }

    private void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
