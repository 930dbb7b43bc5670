package org.yamtorrent.engine.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A torrent's identity: the 20-byte SHA-1 of its bencoded {@code info} dictionary (BEP 3), the 32-byte SHA-256 of
 * it (BEP 52), or both for a hybrid torrent. Immutable.
 *
 * <p>{@link #bytes()} is the 20-byte form peers and trackers see: the v1 hash when there is one, otherwise the
 * v2 hash truncated to 20 bytes, as BEP 52 puts it in handshakes and announces. Equality and hashing use that
 * form only, so a hash taken from a handshake finds the torrent it names.
 */
public final class InfoHash {

    public static final int LENGTH = 20;
    public static final int V2_LENGTH = 32;

    private final byte[] bytes;
    private final boolean v1;
    private final byte[] v2;

    private InfoHash(byte[] bytes, boolean v1, byte[] v2) {
        this.bytes = bytes;
        this.v1 = v1;
        this.v2 = v2;
    }

    /** A v1 info-hash, or the 20-byte form of any info-hash as it arrives from the wire. */
    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an info-hash has 20 bytes, not " + bytes.length);
        }
        return new InfoHash(bytes.clone(), true, null);
    }

    /**
     * A v2 or hybrid info-hash.
     *
     * @param v1 the SHA-1 of a hybrid torrent, or null for a v2-only one
     * @param v2 the 32-byte SHA-256
     */
    public static InfoHash of(byte[] v1, byte[] v2) {
        if (v2.length != V2_LENGTH) {
            throw new IllegalArgumentException("a v2 info-hash has 32 bytes, not " + v2.length);
        }
        if (v1 == null) {
            return new InfoHash(Arrays.copyOf(v2, LENGTH), false, v2.clone());
        }
        return new InfoHash(of(v1).bytes, true, v2.clone());
    }

    /** Hashes the exact bytes of an {@code info} value. */
    public static InfoHash sha1(byte[] data, int offset, int length) {
        MessageDigest sha1 = Sha1.newDigest();
        sha1.update(data, offset, length);
        return new InfoHash(sha1.digest(), true, null);
    }

    /** The SHA-256 of the exact bytes of an {@code info} value (BEP 52). */
    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest sha256 = newSha256();
        sha256.update(data, offset, length);
        return sha256.digest();
    }

    /** SHA-256, which every Java runtime must provide. */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the runtime has no SHA-256", e);
        }
    }

    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("an info-hash in hex has 40 digits, not " + hex.length());
        }
        return new InfoHash(HexFormat.of().parseHex(hex), true, null);
    }

    /** The 20-byte form used on the wire and by trackers. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether this names a v1 torrent (v1-only or hybrid); false for v2-only. */
    public boolean hasV1() {
        return v1;
    }

    public boolean hasV2() {
        return v2 != null;
    }

    /** The 32-byte SHA-256, or null when this is v1 only. */
    public byte[] v2() {
        return v2 == null ? null : v2.clone();
    }

    /** The v2 hash truncated to 20 bytes (a hybrid torrent's second name on the wire), or null when v1 only. */
    public InfoHash truncatedV2() {
        return v2 == null ? null : new InfoHash(Arrays.copyOf(v2, LENGTH), false, v2);
    }

    /** Whether {@code info}, a bencoded info dictionary, has every hash this carries. */
    public boolean matches(byte[] info) {
        boolean ok = !v1 || Arrays.equals(bytes, sha1(info, 0, info.length).bytes);
        return ok && (v2 == null || Arrays.equals(v2, sha256(info, 0, info.length)));
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
