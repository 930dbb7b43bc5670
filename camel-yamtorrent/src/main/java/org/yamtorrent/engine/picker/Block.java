package org.yamtorrent.engine.picker;

/**
 * A request-sized part of a piece (BEP 3): {@code length} bytes at {@code offset} within piece {@code piece}.
 */
public record Block(int piece, int offset, int length) {

    /** The request size every client uses; larger requests are refused by most peers. */
    public static final int SIZE = 16 * 1024;

    public int index() {
        return offset / SIZE;
    }
}
