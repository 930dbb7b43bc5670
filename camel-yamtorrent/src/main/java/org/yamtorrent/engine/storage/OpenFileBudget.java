package org.yamtorrent.engine.storage;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many payload files the torrents of this JVM keep open together. Each {@link Storage} caches a few channels
 * of its own; this caps their sum, so a thousand idle seeding torrents do not hold a thousand file descriptors: once
 * over the cap, the least recently used channel of any torrent is closed (and opened again on its next read).
 *
 * <p>Threading: this object's lock guards only its own map and is never held while a Storage lock is taken. A
 * Storage reports to it under its own lock; {@link #trim()} runs while the caller holds no Storage lock, and closes a
 * victim under that victim's lock, so no I/O is ever cut short and no two Storage locks are held at once.
 */
final class OpenFileBudget {

    /** The cap of the JVM's budget, from the system property {@code yamtorrent.maxOpenFiles}. */
    static final int DEFAULT_MAX = Integer.getInteger("yamtorrent.maxOpenFiles", 128);
    static final OpenFileBudget SHARED = new OpenFileBudget(DEFAULT_MAX);

    private record Key(Storage storage, int index) {
    }

    private final int max;
    /** In access order: the eldest is the least recently used. */
    private final Map<Key, Boolean> open = new LinkedHashMap<>(64, 0.75f, true);

    OpenFileBudget(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max " + max + " is below 1");
        }
        this.max = max;
    }

    /** A channel was opened, or used again. */
    synchronized void used(Storage storage, int index) {
        open.put(new Key(storage, index), Boolean.TRUE);
    }

    synchronized void closed(Storage storage, int index) {
        open.remove(new Key(storage, index));
    }

    synchronized int openFiles() {
        return open.size();
    }

    /** Closes the least recently used channels until the budget holds; the caller holds no Storage lock. */
    void trim() {
        while (true) {
            Key victim;
            synchronized (this) {
                if (open.size() <= max) {
                    return;
                }
                Iterator<Key> eldest = open.keySet().iterator();
                victim = eldest.next();
                eldest.remove();
            }
            victim.storage().evict(victim.index());
        }
    }
}
