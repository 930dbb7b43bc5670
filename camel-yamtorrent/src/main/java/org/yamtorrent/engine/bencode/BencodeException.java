package org.yamtorrent.engine.bencode;

import org.yamtorrent.engine.TorrentException;

/** Bytes that are not well-formed bencode; the message gives the offset and the problem. */
public class BencodeException extends TorrentException {

    public BencodeException(String message) {
        super(message);
    }
}
