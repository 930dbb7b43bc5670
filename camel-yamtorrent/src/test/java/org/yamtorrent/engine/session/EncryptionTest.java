package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.wire.Encryption;

/**
 * The session's encryption policy between two of our sessions on 127.0.0.1: a leecher dials a seeder, the
 * transfer completes and verifies, and the leecher's view of its peer says whether MSE chose RC4.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EncryptionTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void preferringSessionsTalkRc4() throws Exception {
        assertTrue(transfer(Encryption.PREFER, Encryption.PREFER), "prefer and prefer select RC4");
    }

    @Test
    void aRequiringSeedServesAPreferringLeecherOverRc4() throws Exception {
        assertTrue(transfer(Encryption.REQUIRE, Encryption.PREFER), "the dial offered RC4 and the seed took it");
    }

    @Test
    void aRequiringLeecherFetchesFromAPreferringSeedOverRc4() throws Exception {
        assertTrue(transfer(Encryption.PREFER, Encryption.REQUIRE), "the dial offered RC4 only");
    }

    /**
     * A seed with encryption disabled refuses the MSE key and hangs up, as a client without MSE does: the
     * preferring leecher dials the same address again at once, in plaintext, and gets the data that way.
     */
    @Test
    void aPreferringDialFallsBackToPlaintextWhenThePeerHangsUp() throws Exception {
        assertFalse(transfer(Encryption.DISABLE, Encryption.PREFER), "the second dial was plaintext");
    }

    /** @return whether the leecher's connection to the seed was RC4-encrypted */
    private boolean transfer(Encryption seedPolicy, Encryption leechPolicy) throws Exception {
        Path source = tmp.resolve("seed/enc.bin");
        Swarms.writeRandomFile(source, 3L * MIB + 4_321, 61);
        Metainfo m = Swarms.createTorrent(source, "http://127.0.0.1:1/announce", 64 * 1024, tmp.resolve("t.torrent"));
        try (Session seeder = Session.open(Swarms.config(null).encryption(seedPolicy));
             Session leecher = Session.open(Swarms.config(null).encryption(leechPolicy))) {
            TorrentHandle seed = seeder.add(m, tmp.resolve("seed"), new TorrentOptions().seedForever().useTrackers(false));
            seed.completion().get(30, TimeUnit.SECONDS);
            TorrentHandle leech = leecher.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            leech.addPeers(List.of(Swarms.local(seeder)));
            Swarms.waitFor(() -> !leech.peers().isEmpty() && !seed.peers().isEmpty(), Duration.ofSeconds(60),
                    "the connection, seen from both ends");
            boolean encrypted = leech.peers().get(0).encrypted();
            assertEquals(encrypted, seed.peers().get(0).encrypted(), "both ends agree");
            leech.completion().get(90, TimeUnit.SECONDS);
            Swarms.assertSamePayload(m, tmp.resolve("seed"), tmp.resolve("leech"), true);
            return encrypted;
        }
    }
}
