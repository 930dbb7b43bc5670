/**
 * Where a torrent's pieces live on disk: safe resolution below the target directory, positional reads and writes
 * over the files of {@link org.yamtorrent.engine.metainfo.PieceGeometry}, SHA-1 verification and the resume record.
 * {@link org.yamtorrent.engine.storage.PieceStore} is the facade the rest of the engine uses; {@code DataCheck}
 * decides at open which pieces are verified; {@code PartFile} holds the bytes of unselected files that pieces
 * shared with selected files bring, so such files are never created.
 *
 * <p>Threading: the store's I/O methods (open, writes, verification, reads, close) are called from the session's
 * disk threads only; network threads only ask which pieces are verified. Its state lock guards the verified
 * bitfield and the open/closed flag and is never held across a read or write of a file, so such a question never
 * waits for the disk. A second, I/O lock, held across a write, a verification or closing, keeps a write from
 * landing in a piece between its hash and its counting; only disk threads take it. A new selection
 * ({@code PieceStore.select}) is taken under the I/O lock too, so bytes move out of the part file between writes.
 */
package org.yamtorrent.engine.storage;
