package org.yamtorrent.engine.wire;

import java.security.MessageDigest;
import java.util.function.Supplier;

/** Finds the torrent an MSE initiator asked for, for a {@link MseHandler#responder responder}. */
@FunctionalInterface
public interface SkeyLookup {

    /**
     * @param req2 {@code HASH('req2', SKEY)} as the initiator sent it
     * @return the SKEY (the 20-byte info-hash of one of our torrents) with that hash, or null
     */
    byte[] skey(byte[] req2);

    /**
     * Looks among {@code skeys} (asked again on each lookup, so torrents added later are found): one SHA-1 per
     * candidate, a few microseconds each, on the event loop.
     */
    static SkeyLookup among(Supplier<? extends Iterable<byte[]>> skeys) {
        return req2 -> {
            for (byte[] skey : skeys.get()) {
                if (MessageDigest.isEqual(MseCrypto.hash("req2", skey), req2)) {
                    return skey.clone();
                }
            }
            return null;
        };
    }
}
