package org.yamtorrent.engine.extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BEP 10 extensions of one torrent, in registration order: each gets our id, its position plus one, which
 * fills the {@code m} dictionary of our handshake and routes the peer's extended messages back to it. Immutable
 * once made, so ids never change while peers are connected.
 */
public final class ExtensionRegistry {

    /** The most extensions a registry holds: ids are one byte, and 0 is the handshake. */
    public static final int MAX_EXTENSIONS = 255;

    private final List<Extension> extensions;

    public ExtensionRegistry(List<Extension> extensions) {
        if (extensions.size() > MAX_EXTENSIONS) {
            throw new IllegalArgumentException(extensions.size() + " extensions, more than " + MAX_EXTENSIONS);
        }
        List<String> names = new ArrayList<>();
        for (Extension e : extensions) {
            if (names.contains(e.name())) {
                throw new IllegalArgumentException("extension " + e.name() + " registered twice");
            }
            names.add(e.name());
        }
        this.extensions = List.copyOf(extensions);
    }

    public static ExtensionRegistry empty() {
        return new ExtensionRegistry(List.of());
    }

    public List<Extension> extensions() {
        return extensions;
    }

    /** The extension a peer's message with our id {@code id} is for, or null for an id we never gave out. */
    public Extension byOurId(int id) {
        return id >= 1 && id <= extensions.size() ? extensions.get(id - 1) : null;
    }

    /** Our {@code m} dictionary: each extension's name and our id for it. */
    Map<String, Object> ourIds() {
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i < extensions.size(); i++) {
            m.put(extensions.get(i).name(), (long) (i + 1));
        }
        return m;
    }

    /** Adds {@code m} and every extension's own fields to our handshake. */
    void addHandshakeFields(Map<String, Object> handshake) {
        for (Extension e : extensions) {
            e.addHandshakeFields(handshake);
        }
        handshake.put("m", ourIds());
    }
}
