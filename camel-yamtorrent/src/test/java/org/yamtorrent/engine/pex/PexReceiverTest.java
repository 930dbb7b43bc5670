package org.yamtorrent.engine.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PexReceiverTest {

    private final PexReceiver receiver = new PexReceiver();
    private long now;

    @Test
    void aFloodOfTenThousandPeersKeepsAtMostTheCap() throws Exception {
        int learned = 0;
        for (int batch = 0; batch < 100; batch++) {
            PexMessage m = PexMessage.decode(new PexMessage(peers(batch * 100, 100), List.of()).encode());
            learned += receiver.accept(m, now).size();
            now += PexReceiver.MIN_INTERVAL_MILLIS;
        }
        assertEquals(PexReceiver.MAX_KNOWN, learned, "10,000 offered, the cap learned");
        assertTrue(receiver.accept(new PexMessage(peers(20_000, 10), List.of()), now).isEmpty(), "full");
    }

    @Test
    void droppedPeersMakeRoomAndRepeatsAreNotNew() throws Exception {
        List<PexPeer> first = peers(0, 5);
        assertEquals(5, receiver.accept(new PexMessage(first, List.of()), now).size());
        now += PexReceiver.MIN_INTERVAL_MILLIS;
        assertEquals(0, receiver.accept(new PexMessage(first, List.of()), now).size(), "already named");
        now += PexReceiver.MIN_INTERVAL_MILLIS;
        assertEquals(1, receiver.accept(new PexMessage(first.subList(0, 1), List.of(first.get(0).address())), now).size(),
                "dropped then added again");
    }

    @Test
    void messagesThatComeTooSoonAreIgnored() throws Exception {
        assertEquals(3, receiver.accept(new PexMessage(peers(0, 3), List.of()), now).size());
        now += PexReceiver.MIN_INTERVAL_MILLIS - 1;
        assertTrue(receiver.accept(new PexMessage(peers(3, 3), List.of()), now).isEmpty());
        assertEquals(1, receiver.ignored());
        now += 1;
        assertEquals(3, receiver.accept(new PexMessage(peers(3, 3), List.of()), now).size());
    }

    static List<PexPeer> peers(int from, int count) throws Exception {
        List<PexPeer> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            out.add(new PexPeer(new InetSocketAddress(a, 6881), 0));
        }
        return out;
    }
}
