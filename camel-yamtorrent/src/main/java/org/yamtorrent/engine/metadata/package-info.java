/**
 * BEP 9 (ut_metadata): a torrent's info dictionary fetched from peers, and served to them.
 *
 * <p>{@link org.yamtorrent.engine.metadata.MetadataMessage} is the codec for request, data and reject messages;
 * {@link org.yamtorrent.engine.metadata.MetadataFetcher} asks peers for pieces and checks the result against the
 * info-hash; {@link org.yamtorrent.engine.metadata.MetadataServer} answers requests (never for a private torrent);
 * {@link org.yamtorrent.engine.metadata.TorrentFile} turns the verified dictionary into a .torrent and keeps it
 * beside the resume record.
 *
 * <p>Threading: a fetcher belongs to its torrent's thread, which makes every call (handshakes, messages, the
 * periodic {@code requests(now)}); it never blocks and holds no lock. The codec and the server are stateless.
 * {@code TorrentFile.save} and {@code load} do disk I/O and run on a disk thread, never on an event loop.
 */
package org.yamtorrent.engine.metadata;
