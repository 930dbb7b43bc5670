/**
 * Where a torrent's pieces live on disk: safe resolution below the target directory, positional reads and writes
 * over the files of {@link org.yamtorrent.engine.metainfo.PieceGeometry}, SHA-1 verification and the resume record.
 * {@link org.yamtorrent.engine.storage.PieceStore} is the facade the rest of the engine uses.
 *
 * <p>Threading: the store is called from the session's disk threads only (writes, verification, reads for
 * uploads); the network threads never call it. Its lock guards the verified bitfield and the open/closed flag and
 * is held only for those, never across a read or write of a file, so a thread that just asks which pieces are
 * verified never waits for the disk.
 */
package org.yamtorrent.engine.storage;
