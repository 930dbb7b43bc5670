package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.yamtorrent.engine.metadata.MetadataExtension;
import org.yamtorrent.engine.pex.PexExtension;

/**
 * Registers ut_metadata and ut_pex on a session, as the session core will by default, and records what PEX
 * taught each torrent.
 */
final class StandardExtensions {

    /** Every address PEX handed to a torrent of this session, in order. */
    final List<InetSocketAddress> learned = new CopyOnWriteArrayList<>();

    static StandardExtensions on(Session session) {
        StandardExtensions x = new StandardExtensions();
        session.hooks().addExtension(t -> MetadataExtension.serving(t.metainfo()));
        session.hooks().addExtension(t -> PexExtension.forTorrent(t.metainfo(), peers -> {
            x.learned.addAll(peers);
            t.addPeers(peers, PeerSource.PEX);
        }));
        return x;
    }
}
