/**
 * BEP 52 hash transfer, the asking side: {@link org.yamtorrent.engine.hashes.PieceLayerFetcher} gets the piece
 * layers of a v2 or hybrid torrent whose info dictionary came from peers (it carries only each file's
 * {@code pieces root}) with hash request messages, and keeps only hashes proved against their root. The serving
 * side answers from {@link org.yamtorrent.engine.metainfo.PieceLayers}.
 *
 * <p>Threads: a fetcher is plain state for one owner, which serialises every call (the session's glue holds a lock
 * over memory work only and sends outside it).
 */
package org.yamtorrent.engine.hashes;
