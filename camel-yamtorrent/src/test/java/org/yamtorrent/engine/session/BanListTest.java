package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BanListTest {

    private static final byte[] ID = "-XX0000-banlisttest0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER = "-XX0000-someoneelse0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void hashFailureStrikesAddUpToABan() {
        BanList bans = new BanList(3);
        InetSocketAddress a = new InetSocketAddress("10.0.0.7", 6881);
        assertFalse(bans.strike(a, BanList.HASH_FAILURE_STRIKES), "one failed piece is not enough");
        assertEquals(2, bans.strikes(a));
        assertTrue(bans.strike(new InetSocketAddress("10.0.0.7", 7000), BanList.HASH_FAILURE_STRIKES),
                "strikes count per IP, whatever the port");
        assertFalse(bans.isBanned(a), "the caller bans");
        assertTrue(bans.ban(a, ID));
        assertFalse(bans.ban(a, ID), "banned once");
        assertTrue(bans.isBanned(new InetSocketAddress("10.0.0.7", 9999)), "the whole IP");
        assertTrue(bans.isBanned(new InetSocketAddress("10.0.0.8", 1), ID), "its peer id from another IP");
        assertFalse(bans.isBanned(new InetSocketAddress("10.0.0.8", 1), OTHER));
    }

    @Test
    void onLoopbackOnlyTheAddressAndPortAreBanned() {
        BanList bans = new BanList(3);
        InetSocketAddress liar = new InetSocketAddress("127.0.0.1", 5000);
        bans.ban(liar, ID);
        assertTrue(bans.isBanned(liar));
        assertFalse(bans.isBanned(new InetSocketAddress("127.0.0.1", 5001)), "another test peer on 127.0.0.1");
        assertFalse(bans.isBanned(new InetSocketAddress("127.0.0.1", 5001), OTHER));
        assertTrue(bans.isBanned(new InetSocketAddress("127.0.0.1", 5001), ID), "the liar from a new port");
    }
}
