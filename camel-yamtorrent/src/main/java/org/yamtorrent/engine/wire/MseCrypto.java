package org.yamtorrent.engine.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.yamtorrent.engine.metainfo.Sha1;

/**
 * The arithmetic of MSE/PE, as every client implements it: Diffie-Hellman over the 768-bit prime with generator
 * 2, the SHA-1 hashes ({@code HASH('req1', S)} and friends) and the RC4 streams keyed by
 * {@code HASH('keyA'|'keyB', S, SKEY)} with their first 1024 bytes discarded. RC4 is the JDK's "ARCFOUR" cipher
 * (SunJCE ships it); BigInteger.modPow does the exchange, since javax.crypto's DH refuses this 768-bit group.
 */
final class MseCrypto {

    static final int KEY_BYTES = 96;
    static final BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
            + "A63A36210000000000090563", 16);
    private static final BigInteger G = BigInteger.TWO;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BigInteger privateKey = new BigInteger(160, RANDOM);

    /** Our public key {@code G^X mod P}, 96 bytes big-endian. */
    byte[] publicKey() {
        return bytes96(G.modPow(privateKey, P));
    }

    /**
     * The shared secret S from the peer's 96-byte public key.
     *
     * @throws MseException when the key is outside 2..P-2, which would make S guessable
     */
    byte[] secret(byte[] peerKey) {
        BigInteger y = new BigInteger(1, peerKey);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(P.subtract(BigInteger.ONE)) >= 0) {
            throw new MseException("the peer's public key is outside 2..P-2");
        }
        return bytes96(y.modPow(privateKey, P));
    }

    static byte[] hash(String label, byte[]... parts) {
        MessageDigest sha1 = Sha1.newDigest();
        sha1.update(label.getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            sha1.update(p);
        }
        return sha1.digest();
    }

    /** The RC4 stream for bytes sent by A ("keyA") or by B ("keyB"), its first 1024 bytes discarded. */
    static Cipher rc4(String label, byte[] secret, byte[] skey) {
        try {
            Cipher rc4 = Cipher.getInstance("ARCFOUR");
            rc4.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hash(label, secret, skey), "ARCFOUR"));
            rc4.update(new byte[1024]);
            return rc4;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the runtime has no ARCFOUR (RC4) cipher", e);
        }
    }

    /**
     * One key exchange and both ciphers, with nothing sent: the first in a JVM costs a few hundred milliseconds
     * (seeding SecureRandom, the JCE provider, BigInteger in the interpreter), later ones about one.
     */
    static void exchangeOnce() {
        MseCrypto a = new MseCrypto();
        byte[] secret = a.secret(new MseCrypto().publicKey());
        rc4("keyA", secret, hash("warm-up"));
        padding(MseHandler.MAX_PAD);
    }

    /** {@code count} random padding bytes. */
    static byte[] padding(int max) {
        byte[] pad = new byte[RANDOM.nextInt(max + 1)];
        RANDOM.nextBytes(pad);
        return pad;
    }

    private static byte[] bytes96(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        int n = Math.min(raw.length, KEY_BYTES);
        System.arraycopy(raw, raw.length - n, out, KEY_BYTES - n, n);
        return out;
    }
}
