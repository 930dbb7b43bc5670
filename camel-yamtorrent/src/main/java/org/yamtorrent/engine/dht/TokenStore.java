package org.yamtorrent.engine.dht;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.yamtorrent.engine.metainfo.Sha1;

/**
 * The write tokens of get_peers and announce_peer (BEP 5): a token is the SHA-1 of a secret and the asker's IP,
 * cut to 8 bytes, so only the address it was sent to can use it. The secret changes every
 * {@link #ROTATION}; a token made with the current or the previous secret is accepted, so a token lives 5 to 10
 * minutes. Owned by the DHT's event loop.
 */
final class TokenStore {

    static final Duration ROTATION = Duration.ofMinutes(5);
    static final int LENGTH = 8;

    private final SecureRandom random = new SecureRandom();
    private byte[] current = new byte[16];
    private byte[] previous = new byte[16];
    private long rotatedNanos;

    TokenStore(long now) {
        random.nextBytes(current);
        random.nextBytes(previous);
        rotatedNanos = now;
    }

    byte[] token(InetAddress asker, long now) {
        rotate(now);
        return token(current, asker);
    }

    boolean valid(byte[] token, InetAddress asker, long now) {
        rotate(now);
        return token != null && (MessageDigest.isEqual(token, token(current, asker))
                || MessageDigest.isEqual(token, token(previous, asker)));
    }

    private void rotate(long now) {
        long period = ROTATION.toNanos();
        if (now - rotatedNanos >= 2 * period) {
            random.nextBytes(previous); // both secrets are stale: nothing made before may pass
            random.nextBytes(current);
            rotatedNanos = now;
        } else if (now - rotatedNanos >= period) {
            previous = current;
            current = new byte[16];
            random.nextBytes(current);
            rotatedNanos += period;
        }
    }

    private static byte[] token(byte[] secret, InetAddress asker) {
        MessageDigest sha1 = Sha1.newDigest();
        sha1.update(secret);
        sha1.update(asker.getAddress());
        return Arrays.copyOf(sha1.digest(), LENGTH);
    }
}
