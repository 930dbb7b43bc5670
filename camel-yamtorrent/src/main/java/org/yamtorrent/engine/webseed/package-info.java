/**
 * Web seeds (BEP 19, the {@code url-list} of a .torrent and {@code ws=} of a magnet): HTTP(S) servers holding the
 * payload, used as one more source of blocks beside the peers.
 *
 * <h2>How it works</h2>
 * <ul>
 * <li>{@link org.yamtorrent.engine.webseed.SeedUrl}: where each file of the torrent lives on one seed.</li>
 * <li>{@link org.yamtorrent.engine.webseed.RangeClient}: ranged GETs on one JDK HTTP client per session (kept-alive
 * connections reused across torrents); replies checked strictly (206 with the Content-Range asked for, exact body
 * length; a 200 only for a range from byte 0), a {@link org.yamtorrent.engine.webseed.WebSeedException} naming
 * the URL otherwise.</li>
 * <li>{@link org.yamtorrent.engine.webseed.WebSeeds}: per torrent run, up to {@code PARALLEL} fetches per seed of
 * about a MiB of whole pieces, a piece spanning files being several GETs; back-off on every error.</li>
 * <li>The engine side implements {@link org.yamtorrent.engine.webseed.WebSeeds.Feed}: it picks the blocks through
 * the same piece picker as for peers (the seed is one more sender there) and hands what arrives to the same disk
 * writer and verification, so a piece a seed got wrong is blamed on it and the seed is dropped as a peer is
 * banned.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>The engine's timer calls {@code WebSeeds.tick()} once a second, outside any engine lock; each fetch that
 * ends calls it again on the HTTP client's thread.</li>
 * <li>HTTP client threads fill the fetch's own byte array only; they touch engine state only through the
 * {@code Feed}, which takes the engine's lock for its bookkeeping and queues blocks on the disk writer, exactly as
 * a peer's event loop does. Nothing here waits on a disk or a lock held across I/O.</li>
 * <li>{@code WebSeeds}' own lock guards each seed's counters (fetches under way, failures, back-off) and is never
 * held while calling the feed or the HTTP client; the engine may call into this package under its lock (e.g.
 * {@link org.yamtorrent.engine.webseed.WebSeed#drop}), never the other way round.</li>
 * </ul>
 *
 * <p>This package knows nothing of peers, sessions or Camel.
 */
package org.yamtorrent.engine.webseed;
