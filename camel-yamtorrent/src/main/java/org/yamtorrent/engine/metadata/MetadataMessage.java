package org.yamtorrent.engine.metadata;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.yamtorrent.engine.bencode.BencodeException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;

/**
 * A BEP 9 ut_metadata message, the payload of an extended message: a bencoded dictionary with {@code msg_type}
 * and {@code piece}; a data message also has {@code total_size} and is followed by the raw bytes of the piece.
 */
public sealed interface MetadataMessage {

    /** Metadata travels in pieces of 16 KiB; only the last may be shorter. */
    int PIECE_SIZE = 16 * 1024;
    /** The dictionary in front of a data message is a few dozen bytes; anything longer is not ut_metadata. */
    int MAX_DICTIONARY = 256;

    int piece();

    /** {@code {msg_type: 0, piece: n}}: send me piece n. */
    record Request(int piece) implements MetadataMessage {
    }

    /** {@code {msg_type: 1, piece: n, total_size: s}} followed by the piece's bytes. */
    record Data(int piece, int totalSize, byte[] bytes) implements MetadataMessage {
        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && d.piece == piece && d.totalSize == totalSize && Arrays.equals(d.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * piece + totalSize) + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Data[piece=" + piece + ", totalSize=" + totalSize + ", " + bytes.length + " bytes]";
        }
    }

    /** {@code {msg_type: 2, piece: n}}: I will not send piece n. */
    record Reject(int piece) implements MetadataMessage {
    }

    /** The extended-message payload for this message. */
    default byte[] encode() {
        Map<String, Object> d = new TreeMap<>();
        d.put("piece", piece());
        d.put("msg_type", this instanceof Request ? 0 : this instanceof Data ? 1 : 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (this instanceof Data data) {
            d.put("total_size", data.totalSize());
            out.writeBytes(BencodeWriter.encode(d));
            out.writeBytes(data.bytes());
        } else {
            out.writeBytes(BencodeWriter.encode(d));
        }
        return out.toByteArray();
    }

    /**
     * Reads an extended-message payload. A data message longer than {@link #PIECE_SIZE} after its dictionary is
     * refused here, before its bytes are copied.
     *
     * @throws MetadataException naming the problem
     */
    static MetadataMessage decode(byte[] payload) {
        if (payload.length > MAX_DICTIONARY + PIECE_SIZE) {
            throw new MetadataException("ut_metadata message of " + payload.length + " bytes is longer than a piece");
        }
        BencodeReader.Prefix prefix;
        try {
            prefix = BencodeReader.dictionaryPrefix(payload, 0, Math.min(payload.length, MAX_DICTIONARY));
        } catch (BencodeException e) {
            throw new MetadataException("ut_metadata message is not a bencoded dictionary: " + e.getMessage());
        }
        Map<String, Object> d = prefix.dictionary();
        long type = number(d, "msg_type", 2);
        int piece = (int) number(d, "piece", Integer.MAX_VALUE);
        int trailing = payload.length - prefix.end();
        if (type != 1) {
            if (trailing != 0) {
                throw new MetadataException("ut_metadata " + (type == 0 ? "request" : "reject")
                        + " has " + trailing + " bytes after its dictionary");
            }
            return type == 0 ? new Request(piece) : new Reject(piece);
        }
        int totalSize = (int) number(d, "total_size", Integer.MAX_VALUE);
        if (trailing > PIECE_SIZE) {
            throw new MetadataException("ut_metadata piece " + piece + " has " + trailing + " bytes, more than "
                    + PIECE_SIZE);
        }
        return new Data(piece, totalSize, Arrays.copyOfRange(payload, prefix.end(), payload.length));
    }

    private static long number(Map<String, Object> d, String key, long max) {
        if (!(d.get(key) instanceof Long n)) {
            throw new MetadataException("ut_metadata " + key + " is missing or not an integer");
        }
        if (n < 0 || n > max) {
            throw new MetadataException("ut_metadata " + key + " " + n + " is outside 0.." + max);
        }
        return n;
    }
}
