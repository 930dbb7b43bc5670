/**
 * Where a torrent's pieces live on disk: the mapping of pieces onto files ({@link
 * org.yamtorrent.engine.storage.FileLayout}), safe resolution below the target directory, positional reads and
 * writes, SHA-1 verification ({@link org.yamtorrent.engine.storage.PieceHasher}) and the resume record. {@link
 * org.yamtorrent.engine.storage.PieceStore} is the facade the rest of the engine uses.
 */
package org.yamtorrent.engine.storage;
