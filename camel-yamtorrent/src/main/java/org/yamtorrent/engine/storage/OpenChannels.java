package org.yamtorrent.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.PieceGeometry;

/**
 * A {@link Storage}'s open file channels: a small LRU cache (least recently used closed first) whose files also
 * count in the {@link OpenFileBudget} every torrent shares. Guarded by the owning Storage's lock.
 */
final class OpenChannels {

    private static final Logger LOG = LoggerFactory.getLogger(OpenChannels.class);

    private record OpenFile(FileChannel channel, boolean writable) {
    }

    private final Storage owner;
    private final TargetDirectory dir;
    private final PieceGeometry layout;
    private final OpenFileBudget budget;
    private final Map<Integer, OpenFile> open;

    OpenChannels(Storage owner, TargetDirectory dir, PieceGeometry layout, int maxOpenFiles, OpenFileBudget budget) {
        this.owner = owner;
        this.dir = dir;
        this.layout = layout;
        this.budget = budget;
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, OpenFile> eldest) {
                if (size() <= maxOpenFiles) {
                    return false;
                }
                close(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    /**
     * The channel of file {@code index}, opened (and created with its parents when {@code writable}) if need be;
     * null for a missing file opened to read.
     */
    FileChannel get(int index, boolean writable) throws IOException {
        OpenFile f = open.get(index);
        if (f != null && f.channel().isOpen() && (f.writable() || !writable)) {
            budget.used(owner, index);
            return f.channel();
        }
        if (f != null) {
            open.remove(index);
            close(index, f);
        }
        List<String> path = layout.files().get(index).path();
        FileChannel ch;
        if (writable) {
            ch = FileChannel.open(dir.prepare(path), StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS);
        } else {
            Path p = dir.existing(path);
            if (p == null) {
                return null;
            }
            try {
                ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
        }
        open.put(index, new OpenFile(ch, writable));
        budget.used(owner, index);
        return ch;
    }

    /** Closes file {@code index} if it is open; its next use opens it again. */
    void evict(int index) {
        OpenFile f = open.remove(index);
        if (f != null) {
            close(index, f);
        }
    }

    /** Closes every channel; returns the first failure, if any, for the caller to report. */
    StorageException closeAll() {
        StorageException first = null;
        for (Map.Entry<Integer, OpenFile> e : new ArrayList<>(open.entrySet())) {
            StorageException failed = close(e.getKey(), e.getValue());
            first = first == null ? failed : first;
        }
        open.clear();
        return first;
    }

    /** Closes quietly for eviction; returns the failure for {@link #closeAll()} to report. */
    private StorageException close(int index, OpenFile f) {
        budget.closed(owner, index);
        String name = layout.files().get(index).relativePath();
        try {
            f.channel().close();
            return null;
        } catch (IOException e) {
            LOG.debug("closing {} failed", name, e);
            return new StorageException("close " + name + ": " + Storage.describe(e), e);
        }
    }
}
