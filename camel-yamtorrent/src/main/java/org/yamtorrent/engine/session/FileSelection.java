package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.FilePriority;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * A torrent's file priorities: chosen by {@link TorrentOptions#filePriorities} once the metadata is known, changed
 * through {@link TorrentHandle#setFilePriorities}, and handed to the picker (which pieces, in which order) and the
 * store (which files to write, when the torrent is complete). Changes are made under the handle's lock; the
 * store's part runs on the torrent's disk queue, after the writes queued before it.
 */
final class FileSelection {

    private final TorrentHandle torrent;
    /** One per file; empty until the metadata is known. */
    private volatile List<FilePriority> priorities = List.of();
    private volatile TorrentException refused;

    FileSelection(TorrentHandle torrent) {
        this.torrent = torrent;
    }

    /**
     * The metadata is known: the options choose the priorities (all {@link FilePriority#NORMAL} without a choice).
     *
     * @throws TorrentException when the choice does not fit the files, or the chooser refuses them
     */
    void metadata(Metainfo m, TorrentOptions options) {
        List<FilePriority> all = Collections.nCopies(m.files().size(), FilePriority.NORMAL);
        try {
            List<FilePriority> chosen = options.filePriorities() == null ? null : options.filePriorities().apply(m);
            priorities = chosen == null ? all : checked(m, chosen);
        } catch (TorrentException e) {
            if (torrent.state() == null) {
                throw e; // added with a .torrent: the caller hears of it at once
            }
            // fetched for a magnet: the torrent fails with the reason once the metadata is attached
            priorities = all;
            refused = e;
        }
    }

    /** Why the options' choice did not fit metadata that came from peers, or null. */
    TorrentException refused() {
        return refused;
    }

    List<FilePriority> priorities() {
        return priorities;
    }

    /** The files not skipped, one bit per file. */
    Bitfield selectedFiles() {
        List<FilePriority> now = priorities;
        Bitfield b = new Bitfield(now.size());
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i) != FilePriority.SKIP) {
                b.set(i);
            }
        }
        return b;
    }

    /**
     * Under the handle's lock: a running torrent's store, then its picker, follow on the disk queue; a torrent whose
     * store is not open yet opens it with these.
     */
    void set(List<FilePriority> next) {
        Metainfo m = torrent.metainfo();
        if (m == null) {
            throw new TorrentException(torrent.name() + ": file priorities need the metadata, not known yet");
        }
        priorities = checked(m, next);
        PieceWriter writer = torrent.run().writer();
        PieceStore store = torrent.store();
        Swarm swarm = torrent.run().swarm();
        if (writer != null && store != null && swarm != null) {
            follow(store, writer, swarm);
        }
    }

    /** A store just opened: if the selection changed while it opened, it and the picker follow. */
    void storeOpened(PieceStore store, PieceWriter writer, Swarm swarm) {
        if (!selectedFiles().equals(store.selected())) {
            follow(store, writer, swarm);
        }
    }

    /**
     * The store takes the selection first, after the writes queued before it, and only then the picker, so no block
     * of a newly selected file is written before the store knows where it goes; then the completion decides.
     */
    private void follow(PieceStore store, PieceWriter writer, Swarm swarm) {
        List<FilePriority> now = priorities;
        Bitfield files = selectedFiles();
        writer.afterWrites(() -> {
            boolean complete = store.select(files);
            swarm.setFilePriorities(now);
            torrent.completing().selectionChanged(store, complete);
        });
    }

    private List<FilePriority> checked(Metainfo m, List<FilePriority> chosen) {
        if (chosen.size() != m.files().size()) {
            throw new TorrentException(torrent.name() + ": " + chosen.size() + " file priorities for "
                    + m.files().size() + " files");
        }
        List<FilePriority> copy = new ArrayList<>(chosen);
        if (copy.contains(null)) {
            throw new TorrentException(torrent.name() + ": file " + copy.indexOf(null) + " has no priority");
        }
        return List.copyOf(copy);
    }
}
