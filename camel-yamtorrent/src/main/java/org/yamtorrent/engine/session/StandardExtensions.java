package org.yamtorrent.engine.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.extension.Extension;
import org.yamtorrent.engine.metadata.MetadataExtension;
import org.yamtorrent.engine.metadata.TorrentFile;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoException;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.PieceLayerNeed;
import org.yamtorrent.engine.pex.PexExtension;

/**
 * The BEP 10 extensions every session registers first: ut_metadata (BEP 9) and ut_pex (BEP 11), so that a torrent
 * added by info-hash gets its metadata from peers. A torrent with metadata serves it (a private one rejects every
 * request, BEP 27) and exchanges peers unless it is private; one without fetches the metadata (and a v2 one its
 * piece layers, {@link LayerFetch}), saves it as a
 * .torrent beside its resume record ({@link TorrentFile}) on a disk thread and attaches it, and starts PEX only once
 * the metadata says the torrent is public. {@link #saved} finds that .torrent again after a restart.
 */
final class StandardExtensions {

    private static final Logger LOG = LoggerFactory.getLogger(StandardExtensions.class);
    /** How long a peer has to answer a metadata request before another peer is asked. */
    static final long METADATA_REQUEST_TIMEOUT_MILLIS = 10_000;

    private StandardExtensions() {
    }

    static void register(Session session) {
        session.hooks().addExtension(t -> metadata(session, t));
        session.hooks().addExtension(StandardExtensions::pex);
    }

    private static Extension pex(TorrentHandle t) {
        if (t.metainfo() != null) {
            return PexExtension.forTorrent(t.metainfo(), peers -> t.addPeers(peers, PeerSource.PEX));
        }
        return PexExtension.forMagnet(t::metainfo, peers -> t.addPeers(peers, PeerSource.PEX));
    }

    private static Extension metadata(Session session, TorrentHandle t) {
        if (t.metainfo() != null) {
            return MetadataExtension.serving(t.metainfo());
        }
        MetadataExtension x = MetadataExtension.fetching(t.infoHash(), MetainfoReader.DEFAULT_MAX_BYTES,
                METADATA_REQUEST_TIMEOUT_MILLIS, info -> session.diskPool().execute(() -> fetched(session, t, info)));
        t.addListener(new TorrentListener() {
            @Override
            public void metadataReceived(TorrentHandle torrent) {
                x.attached(torrent.metainfo());
            }
        });
        return x;
    }

    /**
     * On a disk thread: the info dictionary matched the info-hash. A v2 one names its files' piece layers only by
     * their roots, so those come from peers first (BEP 52 hash requests); then it becomes the torrent's .torrent.
     */
    private static void fetched(Session session, TorrentHandle t, byte[] info) {
        List<PieceLayerNeed> needs;
        try {
            needs = PieceLayerNeed.of(info);
        } catch (MetainfoException e) {
            broken(t, e);
            return;
        }
        if (needs.isEmpty()) {
            complete(session, t, info, Map.of());
            return;
        }
        LOG.info("{}: metadata received; fetching the piece layers of {} files from peers", t.name(), needs.size());
        t.run().fetchLayers(new LayerFetch(t, needs, METADATA_REQUEST_TIMEOUT_MILLIS,
                layers -> session.diskPool().execute(() -> complete(session, t, info, layers))));
    }

    /** The hash matched, so every peer would send the same: the magnet names a broken torrent. */
    private static void broken(TorrentHandle t, MetainfoException e) {
        t.fail(new TorrentException(t.name() + ": the metadata for " + t.infoHash().hex()
                + " is not a valid info dictionary: " + e.getMessage(), e));
    }

    /** On a disk thread: the info dictionary and its piece layers, checked again by the reader, are saved and attached. */
    private static void complete(Session session, TorrentHandle t, byte[] info, Map<ByteBuffer, byte[]> layers) {
        byte[] torrent = TorrentFile.bytes(info, t.options().extraTrackers().stream().map(List::of).toList(),
                List.of(), layers);
        Metainfo m;
        try {
            m = TorrentFile.metainfo(torrent, t.infoHash());
        } catch (MetainfoException e) {
            broken(t, e);
            return;
        }
        Path file = file(session, t.infoHash(), t.options());
        if (file != null) {
            try {
                TorrentFile.save(file, torrent);
            } catch (IOException e) {
                LOG.warn("{}: cannot save its metadata to {}: {}", m.name(), file, e.getMessage());
            }
        }
        t.attachMetadata(m);
    }

    /**
     * The .torrent saved for this info-hash by an earlier fetch, or null (none, or a damaged one, which is fetched
     * again). Reads a small file: call it on the thread that adds the torrent, not on an event loop.
     */
    static Metainfo saved(Session session, InfoHash infoHash, TorrentOptions options) {
        Path file = file(session, infoHash, options);
        if (file == null) {
            return null;
        }
        try {
            Metainfo m = TorrentFile.load(file, infoHash);
            if (m != null) {
                LOG.debug("{}: metadata from {}", m.name(), file);
            }
            return m;
        } catch (IOException | MetainfoException e) {
            LOG.warn("{}: ignoring the saved metadata {}: {}", infoHash.hex(), file, e.getMessage());
            return null;
        }
    }

    /** Beside the torrent's resume record, or null when it keeps none. */
    private static Path file(Session session, InfoHash infoHash, TorrentOptions options) {
        Path resume = options.resumeFile() != null ? options.resumeFile() : session.resumeFile(infoHash);
        return resume == null ? null : TorrentFile.beside(resume, infoHash);
    }
}
