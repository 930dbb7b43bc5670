package org.yamtorrent.engine.metainfo;

import java.util.List;

/**
 * One file of a torrent's payload.
 *
 * @param path    the path relative to the download directory, as other clients lay it out: {@code [name]} for a
 *                single-file torrent, {@code [name, dir..., file]} for a multi-file one; components already
 *                validated (no "..", no separators, no NUL, not empty)
 * @param length  the length in bytes, zero allowed
 * @param offset  where the file starts in the torrent's concatenated payload
 * @param attr    BEP 47 attributes ("p" pad, "x" executable, "h" hidden, "l" symlink), "" when absent
 */
public record FileEntry(List<String> path, long length, long offset, String attr) {

    public FileEntry {
        path = List.copyOf(path);
        attr = attr == null ? "" : attr;
    }

    /** BEP 47 padding: counts in the piece layout, is never written to disk as a user file. */
    public boolean isPadding() {
        return attr.indexOf('p') >= 0;
    }

    /** The path joined with '/', e.g. {@code name/dir/file.bin}. */
    public String relativePath() {
        return String.join("/", path);
    }

    public long end() {
        return offset + length;
    }
}
