package org.yamtorrent.engine.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Test-only encoder that writes dictionary keys in the map's own order, so tests can build non-canonical
 * documents by hand (a LinkedHashMap out of order) as well as canonical ones (a TreeMap).
 */
public final class RawBencode {

    private RawBencode() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        if (v instanceof String s) {
            write(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof byte[] b) {
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (v instanceof Number n) {
            out.writeBytes(("i" + n.longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof List<?> l) {
            out.write('l');
            l.forEach(x -> write(out, x));
            out.write('e');
        } else if (v instanceof Map<?, ?> m) {
            out.write('d');
            m.forEach((k, x) -> {
                write(out, k);
                write(out, x);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + v);
        }
    }
}
