package org.yamtorrent.engine.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1, which every Java runtime must provide; the checked exception cannot happen. */
public final class Sha1 {

    public static final int LENGTH = 20;

    private Sha1() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the runtime has no SHA-1", e);
        }
    }
}
