package org.yamtorrent.engine.bencode;

/** Where one bencoded value lies in its document: {@code [offset, offset + length)}. */
public record Span(int offset, int length) {

    public int end() {
        return offset + length;
    }
}
