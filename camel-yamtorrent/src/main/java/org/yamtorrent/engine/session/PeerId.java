package org.yamtorrent.engine.session;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Our peer id: the config's client prefix (BEP 20, e.g. {@code -YT0010-}), then random letters and digits. */
final class PeerId {

    private static final String CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private PeerId() {
    }

    static byte[] random(String prefix) {
        byte[] id = new byte[20];
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, id, 0, p.length);
        SecureRandom random = new SecureRandom();
        for (int i = p.length; i < id.length; i++) {
            id[i] = (byte) CHARS.charAt(random.nextInt(CHARS.length()));
        }
        return id;
    }
}
