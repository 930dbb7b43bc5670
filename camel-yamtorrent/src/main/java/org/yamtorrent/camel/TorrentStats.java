package org.yamtorrent.camel;

import java.util.Collection;
import java.util.function.Consumer;

import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;

/** Sums and look-ups over a set of torrents, for the JMX attributes and operations of the component and endpoint. */
final class TorrentStats {

    private TorrentStats() {
    }

    /** One line per torrent: info-hash, name, state, percent. */
    static String[] describe(Collection<TorrentHandle> torrents) {
        return torrents.stream().map(t -> String.format("%s %s %s %.1f%%", t.infoHash().hex(),
                t.name(), t.state(), t.progress().percent())).sorted().toArray(String[]::new);
    }

    static double downloadRate(Collection<TorrentHandle> torrents) {
        return torrents.stream().map(TorrentHandle::progress).mapToDouble(Progress::downloadRate).sum();
    }

    static double uploadRate(Collection<TorrentHandle> torrents) {
        return torrents.stream().map(TorrentHandle::progress).mapToDouble(Progress::uploadRate).sum();
    }

    static int peers(Collection<TorrentHandle> torrents) {
        return torrents.stream().map(TorrentHandle::progress).mapToInt(Progress::peers).sum();
    }

    /**
     * Applies {@code action} to the torrent with this info-hash (40 hex digits, any case).
     *
     * @return whether there was one
     */
    static boolean apply(Collection<TorrentHandle> torrents, String infoHash, Consumer<TorrentHandle> action) {
        String hex = infoHash == null ? "" : infoHash.trim();
        for (TorrentHandle t : torrents) {
            if (t.infoHash().hex().equalsIgnoreCase(hex)) {
                action.accept(t);
                return true;
            }
        }
        return false;
    }
}
