package org.yamtorrent.engine.bencode;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

    /**
     * Decodes {@code data[offset, offset + length)}, a dictionary of byte strings keyed by binary strings (BEP 52
     * piece layers, keyed by 32-byte hashes), keeping the keys as raw bytes: dampcake would decode them as text.
     *
     * @throws BencodeException naming the offset and the problem, also when a value is not a byte string
     */
    public static Map<ByteBuffer, byte[]> binaryKeyedStrings(byte[] data, int offset, int length) {
        Map<ByteBuffer, byte[]> out = new LinkedHashMap<>();
        for (Span[] entry : BencodeScanner.scanEntries(data, offset, length)) {
            Span value = BencodeScanner.stringContent(data, entry[1]);
            if (value == null) {
                throw new BencodeException("bencode: the value at offset " + entry[1].offset() + " is not a string");
            }
            Span key = entry[0];
            out.put(ByteBuffer.wrap(Arrays.copyOfRange(data, key.offset(), key.end())).asReadOnlyBuffer(),
                    Arrays.copyOfRange(data, value.offset(), value.end()));
        }
        return out;
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
