package org.yamtorrent.camel;

import static org.yamtorrent.camel.TorrentProducer.unwrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.yamtorrent.engine.metadata.TorrentFile;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.session.MetadataTimeoutException;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentListener;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * {@code torrent:info} on a magnet link: the metadata only, as .torrent bytes (the info dictionary from peers with
 * the magnet's trackers and web seeds). The torrent is added to fetch it and stopped as soon as it arrives, before
 * any payload moves; a torrent of the session that already has it (or saved it beside its resume record) answers at
 * once.
 */
final class MagnetInfo {

    private MagnetInfo() {
    }

    /**
     * @param directory where the endpoint downloads: the fetched .torrent is saved beside its resume records, so a
     *                  download there needs no peer for the metadata; payload is never written
     * @param timeoutMillis fail with a {@link MetadataTimeoutException} after this long; 0 waits as long as it takes
     */
    static CompletableFuture<byte[]> fetch(TorrentEndpoint endpoint, MagnetUri magnet, Path directory, long timeoutMillis) {
        Session session = endpoint.getComponent().getSession();
        TorrentHandle running = session.find(magnet.infoHash());
        if (running != null) {
            return timed(running, whenKnown(running), timeoutMillis).thenApply(t -> bytes(t, magnet));
        }
        TorrentOptions options = endpoint.torrentOptions(directory, magnet.infoHash());
        if (timeoutMillis > 0) {
            options.metadataTimeout(Duration.ofMillis(timeoutMillis));
        }
        CompletableFuture<TorrentHandle> known = new CompletableFuture<>();
        options.addListener(new TorrentListener() {
            @Override
            public void metadataReceived(TorrentHandle t) {
                t.stop(); // first: whoever the future wakes may look for the torrent in the session
                known.complete(t);
            }
        });
        TorrentHandle t = new TorrentInput(null, magnet).add(session,
                TorrentEndpoint.stateDirectory(directory).resolve("metadata"), options);
        if (t.metainfo() != null) {
            t.stop();
            known.complete(t); // saved by an earlier fetch
        }
        t.completion().whenComplete((r, e) -> {
            if (e != null) {
                known.completeExceptionally(unwrap(e));
            }
        });
        return known.thenApply(x -> bytes(x, magnet));
    }

    /** Completes when {@code t} has its metadata; fails when {@code t} ends without it. */
    static CompletableFuture<TorrentHandle> whenKnown(TorrentHandle t) {
        CompletableFuture<TorrentHandle> known = new CompletableFuture<>();
        t.addListener(new TorrentListener() {
            @Override
            public void metadataReceived(TorrentHandle torrent) {
                known.complete(torrent);
            }
        });
        if (t.metainfo() != null) {
            known.complete(t);
        }
        t.completion().whenComplete((r, e) -> {
            if (e != null && t.metainfo() == null) {
                known.completeExceptionally(unwrap(e));
            }
        });
        return known;
    }

    private static CompletableFuture<TorrentHandle> timed(TorrentHandle t, CompletableFuture<TorrentHandle> known,
                                                          long timeoutMillis) {
        if (timeoutMillis <= 0) {
            return known;
        }
        return known.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                unwrap(e) instanceof TimeoutException ? new MetadataTimeoutException(t, Duration.ofMillis(timeoutMillis))
                        : unwrap(e)));
    }

    private static byte[] bytes(TorrentHandle t, MagnetUri magnet) {
        return TorrentFile.bytes(t.metainfo().rawInfo(), magnet);
    }
}
