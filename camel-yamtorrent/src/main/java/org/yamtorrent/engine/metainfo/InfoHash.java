package org.yamtorrent.engine.metainfo;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** The 20-byte SHA-1 of a torrent's bencoded {@code info} dictionary (BEP 3). Immutable. */
public final class InfoHash {

    public static final int LENGTH = 20;

    private final byte[] bytes;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an info-hash has 20 bytes, not " + bytes.length);
        }
        return new InfoHash(bytes.clone());
    }

    /** Hashes the exact bytes of an {@code info} value. */
    public static InfoHash sha1(byte[] data, int offset, int length) {
        MessageDigest sha1 = Sha1.newDigest();
        sha1.update(data, offset, length);
        return new InfoHash(sha1.digest());
    }

    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an info-hash in hex has 40 digits, not " + hex.length());
        }
        return new InfoHash(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash h && Arrays.equals(h.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
