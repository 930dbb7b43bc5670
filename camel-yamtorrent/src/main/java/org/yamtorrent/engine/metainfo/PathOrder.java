package org.yamtorrent.engine.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

import org.yamtorrent.engine.metainfo.TorrentCreator.Compat;

/** The file orders of the tools {@link TorrentCreator} matches for v1 torrents. */
final class PathOrder {

    private PathOrder() {
    }

    /** The path order of {@code compat}, over paths below the source joined with '/'. */
    static Comparator<String> of(Compat compat) {
        Comparator<byte[]> bytes = Arrays::compareUnsigned;
        Comparator<byte[]> c = compat == Compat.MKTORRENT ? bytes
                : Comparator.comparing((byte[] b) -> b, PathOrder::compareAsciiCaseInsensitiveSigned)
                        .thenComparing(bytes);
        return Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8), c);
    }

    /** libevent's evutil_ascii_strcasecmp where char is signed: NUL-terminated, A-Z folded, bytes >= 0x80 negative. */
    private static int compareAsciiCaseInsensitiveSigned(byte[] a, byte[] b) {
        for (int i = 0; ; i++) {
            int ca = i < a.length ? foldAscii(a[i]) : 0;
            int cb = i < b.length ? foldAscii(b[i]) : 0;
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            if (ca == 0) {
                return 0;
            }
        }
    }

    private static int foldAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
