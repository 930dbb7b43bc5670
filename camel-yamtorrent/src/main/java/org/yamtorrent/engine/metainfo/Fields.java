package org.yamtorrent.engine.metainfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Typed access to a decoded dictionary, with errors that name the field. */
final class Fields {
    final String where;
    private final Map<?, ?> map;

    Fields(String where, Map<?, ?> map) {
        this.where = where;
        this.map = map;
    }

    /** The keys, as the decoder gave them. */
    java.util.Set<?> keys() {
        return map.keySet();
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    Object get(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new MetainfoException(name(key) + " is missing");
        }
        return v;
    }

    Fields dict(String key) {
        return new Fields(name(key), asDict(name(key), get(key)));
    }

    long integer(String key) {
        if (get(key) instanceof Long l) {
            return l;
        }
        throw new MetainfoException(name(key) + " is not an integer");
    }

    byte[] bytes(String key) {
        return asBytes(name(key), get(key));
    }

    String text(String key) {
        return asText(name(key), get(key));
    }

    List<Object> list(String key) {
        return asList(name(key), get(key));
    }

    /** Informational fields: a wrong type is ignored rather than failing the whole torrent. */
    String optionalText(String key) {
        return map.get(key) instanceof ByteBuffer buf ? utf8(buf) : null;
    }

    Long optionalLong(String key) {
        return map.get(key) instanceof Long l ? l : null;
    }

    private String name(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    static Map<?, ?> asDict(String field, Object v) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new MetainfoException(field + " is not a dictionary");
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(String field, Object v) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new MetainfoException(field + " is not a list");
    }

    static byte[] asBytes(String field, Object v) {
        if (v instanceof ByteBuffer buf) {
            byte[] out = new byte[buf.remaining()];
            buf.duplicate().get(out);
            return out;
        }
        throw new MetainfoException(field + " is not a string");
    }

    static String asText(String field, Object v) {
        return new String(asBytes(field, v), StandardCharsets.UTF_8);
    }

    private static String utf8(ByteBuffer buf) {
        return StandardCharsets.UTF_8.decode(buf.duplicate()).toString();
    }
}
