package org.yamtorrent.engine.metadata;

import java.util.LinkedHashMap;
import java.util.Map;

import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.TestTorrents;

/** Real bencoded info dictionaries of a chosen size: a single file of {@code pieces} 16 KiB pieces. */
final class InfoDictionaries {

    private InfoDictionaries() {
    }

    /** An info dictionary of about {@code 20 * pieces} bytes. */
    static byte[] of(int pieces, boolean privateTorrent) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("length", (long) pieces * 16384);
        info.put("name", "payload.bin");
        info.put("piece length", 16384);
        info.put("pieces", TestTorrents.randomBytes(20 * pieces, pieces));
        if (privateTorrent) {
            info.put("private", 1);
        }
        return BencodeWriter.encode(info);
    }
}
