package org.yamtorrent.engine.bencode;

import java.util.Arrays;
import java.util.Map;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.Type;

/**
 * The one place where untrusted bencode becomes values: {@link BencodeScanner}'s strict check first, then the
 * dampcake decoder, so every parser (metainfo, tracker replies, resume records, extension messages, KRPC, PEX,
 * metadata) gets the same limits and the same typed error.
 *
 * <p>Byte strings come back as {@link java.nio.ByteBuffer}, integers as {@link Long}, lists as
 * {@link java.util.List} and dictionaries as {@link Map} with String keys.
 */
public final class BencodeReader {

    private BencodeReader() {
    }

    /** Decodes {@code data}, which must be exactly one dictionary. */
    public static Map<String, Object> dictionary(byte[] data) {
        return dictionary(data, 0, data.length);
    }

    /**
     * Decodes {@code data[offset, offset + length)}, which must be exactly one dictionary.
     *
     * @throws BencodeException naming the offset and the problem
     */
    public static Map<String, Object> dictionary(byte[] data, int offset, int length) {
        BencodeScanner.scanDictionary(data, offset, length);
        return decode(offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length));
    }

    /**
     * Decodes the dictionary that starts at {@code data[offset]} and may be followed by other bytes (as in a
     * ut_metadata data message), returning it with the offset just past it.
     *
     * @throws BencodeException naming the offset and the problem
     */
    public static Prefix dictionaryPrefix(byte[] data, int offset, int length) {
        int end = BencodeScanner.dictionaryEnd(data, offset, offset + length);
        return new Prefix(decode(Arrays.copyOfRange(data, offset, end)), end);
    }

    /** A dictionary read from the front of a buffer, and where it ended. */
    public record Prefix(Map<String, Object> dictionary, int end) {
    }

    private static Map<String, Object> decode(byte[] checked) {
        try {
            return new Bencode(true).decode(checked, Type.DICTIONARY);
        } catch (RuntimeException e) {
            // the scanner has accepted the bytes, so this is a decoder limit; still the caller's typed error
            throw new BencodeException("bencode: undecodable: " + e.getMessage());
        }
    }
}
