package org.yamtorrent.engine.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * Decides when a torrent is complete and tells who waits: each verified or failed piece, each completed selected
 * file (BEP 47 pad files left out) and the whole torrent to the listeners, and the end (complete, stopped or
 * failed) to the completion future, exactly once. Complete means every piece of the selected files verified
 * ({@link PieceStore#isComplete}); selecting more files afterwards makes the torrent download again and complete
 * again (the listeners hear of it again, the future stays as it was). Its decisions are made under the handle's lock and posted to the handle's
 * {@link Notifier}; they run once the lock is released.
 */
final class Completion {

    private static final Logger LOG = LoggerFactory.getLogger(Completion.class);

    private final TorrentHandle torrent;
    private final List<TorrentListener> listeners;
    private final Notifier events;
    private final CompletableFuture<TorrentHandle> future = new CompletableFuture<>();
    private volatile FileCompletion files;
    /** Set once stopped or failed; guarded by the handle's lock. */
    private boolean ended;
    /** Whether the torrent is complete for its selection now; guarded by the handle's lock. */
    private boolean complete;

    Completion(TorrentHandle torrent, List<TorrentListener> listeners, Notifier events) {
        this.torrent = torrent;
        this.listeners = listeners;
        this.events = events;
    }

    CompletableFuture<TorrentHandle> future() {
        return future;
    }

    /** The metadata is known: its files can be followed. */
    void metadata(Metainfo m) {
        files = new FileCompletion(m.geometry());
    }

    /** The store opened with its pieces checked: files already complete are told, a complete torrent seeds. */
    void started(PieceStore s) {
        files.restart();
        Bitfield have = s.bitfield();
        for (int i = have.nextSet(0); i >= 0; i = have.nextSet(i + 1)) {
            filesDone(files.pieceVerified(s, i));
        }
        if (s.isComplete()) {
            completed(s, false);
        } else {
            synchronized (torrent) {
                complete = false;
            }
            events.drain();
        }
    }

    /**
     * The store {@code s} took a new selection and is {@code nowComplete} for it: the torrent completes, or
     * downloads again; files already complete that are selected now are told. On the disk thread.
     */
    void selectionChanged(PieceStore s, boolean nowComplete) {
        if (s != torrent.store()) {
            return;
        }
        filesDone(files.selectionChanged(s));
        if (nowComplete) {
            completed(s, true);
            return;
        }
        synchronized (torrent) {
            if (complete && !ended && s == torrent.store()) {
                complete = false;
                LOG.info("{}: more files selected; downloading again", torrent.name());
                torrent.setState(TorrentState.DOWNLOADING);
            }
        }
        events.drain();
    }

    /** A piece failed its hash; it is fetched again. */
    void pieceFailed(int piece) {
        listeners.forEach(l -> events.post(() -> l.pieceFailed(torrent, piece)));
        events.drain();
    }

    /** A piece verified in the store {@code s} (which a pause may since have closed). */
    void pieceVerified(PieceStore s, int piece) {
        torrent.streams().signal();
        listeners.forEach(l -> events.post(() -> l.pieceVerified(torrent, piece)));
        filesDone(files.pieceVerified(s, piece));
        if (s.isComplete() && s == torrent.store()) {
            completed(s, true);
        } else {
            events.drain();
        }
    }

    /**
     * The torrent ends without completing (stopped, or failed with {@code why}); under the handle's lock, the
     * caller drains the events.
     */
    void ended(Throwable why) {
        ended = true;
        events.post(() -> future.completeExceptionally(why));
    }

    /** @param fetched whether this session fetched the last pieces; BEP 3 sends no {@code completed} otherwise */
    private void completed(PieceStore s, boolean fetched) {
        s.createEmptyFiles(); // idempotent, and disk I/O: outside the lock
        synchronized (torrent) {
            if (!complete && !ended) {
                complete = true;
                torrent.setState(TorrentState.SEEDING);
                long bytes = torrent.progress().verifiedBytes();
                LOG.info("{}: completed, {} bytes verified in {} s{}", torrent.name(), bytes,
                        torrent.elapsed().toSeconds(), bytes < torrent.metainfo().totalLength() ? " (selected files)" : "");
                torrent.run().completed(fetched);
                filesDone(files.torrentCompleted(s));
                listeners.forEach(l -> events.post(() -> l.torrentCompleted(torrent)));
                events.post(() -> future.complete(torrent));
            }
        }
        events.drain();
    }

    private void filesDone(List<Integer> indices) {
        for (int index : indices) {
            FileEntry f = torrent.metainfo().files().get(index);
            if (!f.isPadding()) {
                listeners.forEach(l -> events.post(() -> l.fileCompleted(torrent, index, f)));
            }
        }
    }
}
