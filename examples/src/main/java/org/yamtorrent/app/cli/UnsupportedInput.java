package org.yamtorrent.app.cli;

/** Input this version cannot act on yet, though it is well-formed (exit code 69). */
final class UnsupportedInput extends RuntimeException {

    UnsupportedInput(String message) {
        super(message);
    }
}
