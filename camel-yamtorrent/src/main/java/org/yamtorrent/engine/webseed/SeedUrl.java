package org.yamtorrent.engine.webseed;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.PieceGeometry;

/**
 * Where a web seed (BEP 19) holds each file of a torrent. A single-file torrent's URL names the file, or its folder
 * when it ends in '/', and then the torrent's name is added; a multi-file torrent's URL is the folder holding the
 * torrent's directory, so {@code <url>/<name>/<path...>} names a file, each segment percent-encoded as UTF-8.
 */
public final class SeedUrl {

    /** A part of a payload range inside one file; {@code uri} null for BEP 47 padding, which is zeros. */
    record Part(URI uri, long fileOffset, int length) {
    }

    private final String url;
    private final PieceGeometry geometry;
    private final URI[] files;

    /**
     * @throws WebSeedException when {@code url} is not an absolute http or https URL
     */
    public SeedUrl(String url, Metainfo metainfo) {
        URI base = parse(url);
        this.url = base.toString();
        this.geometry = metainfo.geometry();
        List<FileEntry> entries = metainfo.files();
        this.files = new URI[entries.size()];
        String folder = this.url.endsWith("/") ? this.url : this.url + "/";
        for (int i = 0; i < files.length; i++) {
            FileEntry f = entries.get(i);
            if (f.isPadding()) {
                continue;
            }
            files[i] = metainfo.isSingleFile() && !this.url.endsWith("/") ? base : URI.create(folder + encode(f.path()));
        }
    }

    public String url() {
        return url;
    }

    /** The URL of file {@code index} of the torrent; null for a pad file. */
    public URI fileUri(int index) {
        return files[index];
    }

    /** The files' parts of {@code length} payload bytes from {@code payloadOffset}, in order. */
    List<Part> parts(long payloadOffset, int length) {
        List<Part> out = new ArrayList<>();
        for (PieceGeometry.Span s : geometry.spans(payloadOffset, length)) {
            out.add(new Part(files[s.fileIndex()], s.fileOffset(), s.length()));
        }
        return out;
    }

    private static URI parse(String url) {
        URI u;
        try {
            u = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new WebSeedException("web seed " + url + " is not a URL: " + e.getMessage());
        }
        String scheme = u.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || u.getHost() == null) {
            throw new WebSeedException("web seed " + url + " is not an http or https URL with a host");
        }
        return u;
    }

    /** Path segments joined by '/', each byte outside RFC 3986's unreserved set percent-encoded. */
    static String encode(List<String> segments) {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            if (out.length() > 0) {
                out.append('/');
            }
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                    out.append((char) c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
                }
            }
        }
        return out.toString();
    }
}
