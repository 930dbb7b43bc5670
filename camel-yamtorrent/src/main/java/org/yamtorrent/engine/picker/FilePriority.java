package org.yamtorrent.engine.picker;

/**
 * How much a payload file is wanted. A piece takes the highest priority of the files it holds bytes of, so a piece
 * shared by a skipped and a wanted file is fetched (and only the wanted bytes are written).
 */
public enum FilePriority {
    /** Not downloaded: no piece held only by skipped files is requested, and the file is not created. */
    SKIP,
    /** Downloaded in the torrent's piece order. */
    NORMAL,
    /** Downloaded before the normal files (after the pieces a stream waits for). */
    HIGH
}
