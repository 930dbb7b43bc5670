package org.yamtorrent.engine.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.bencode.BencodeWriter;

class PexMessageTest {

    static InetSocketAddress v4(int last, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, (byte) 231, 11, (byte) last}), port);
    }

    @Test
    void roundTripsBothFamiliesWithFlags() throws Exception {
        InetSocketAddress six = new InetSocketAddress(InetAddress.getByName("::1"), 6881);
        PexMessage m = new PexMessage(List.of(new PexPeer(v4(1, 6881), PexPeer.SEED | PexPeer.REACHABLE),
                new PexPeer(six, PexPeer.UTP), new PexPeer(v4(2, 51413), 0)), List.of(v4(3, 1), six));
        PexMessage back = PexMessage.decode(m.encode());
        // IPv4 peers come first on the wire
        assertEquals(List.of(m.added().get(0), m.added().get(2), m.added().get(1)), back.added());
        assertEquals(m.dropped(), back.dropped());
        assertTrue(back.added().get(0).isSeed());
        String wire = new String(m.encode(), StandardCharsets.ISO_8859_1);
        assertTrue(wire.startsWith("d5:added12:") && wire.contains("7:added.f2:") && wire.contains("6:added618:")
                && wire.contains("8:added6.f1:") && wire.contains("7:dropped6:") && wire.contains("8:dropped618:"), wire);
    }

    @Test
    void missingKeysMeanNoneAndShortFlagsMeanNoFlags() throws Exception {
        assertTrue(PexMessage.decode("de".getBytes()).isEmpty());
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(new byte[] {10, (byte) 231, 11, 1, 0x1a, (byte) 0xe1, 10, (byte) 231, 11, 2, 0, 0});
        byte[] payload = BencodeWriter.encode(Map.of("added", two.toByteArray(), "added.f", new byte[] {2}));
        PexMessage m = PexMessage.decode(payload);
        assertEquals(List.of(new PexPeer(v4(1, 6881), PexPeer.SEED)), m.added(), "port 0 is skipped");
    }

    @Test
    void aFloodIsCutToTheCap() {
        byte[] many = new byte[6 * 1000];
        for (int i = 0; i < 1000; i++) {
            many[i * 6] = 10;
            many[i * 6 + 2] = (byte) (i >> 8);
            many[i * 6 + 3] = (byte) i;
            many[i * 6 + 5] = 1;
        }
        PexMessage m = PexMessage.decode(BencodeWriter.encode(Map.of("added", many, "dropped", many)));
        assertEquals(PexMessage.MAX_PEERS, m.added().size());
        assertEquals(PexMessage.MAX_PEERS, m.dropped().size());
        byte[] tooLong = BencodeWriter.encode(Map.of("added", new byte[6 * 3000]));
        assertEquals("ut_pex message of " + tooLong.length + " bytes is longer than 16384",
                assertThrows(PexException.class, () -> PexMessage.decode(tooLong)).getMessage());
    }

    @Test
    void errorsNameTheField() {
        assertError("ut_pex added length 5 is not a multiple of 6", BencodeWriter.encode(Map.of("added", new byte[5])));
        assertError("ut_pex dropped6 length 17 is not a multiple of 18", BencodeWriter.encode(Map.of("dropped6", new byte[17])));
        assertError("ut_pex added6 is not a string", BencodeWriter.encode(Map.of("added6", 1)));
        assertError("ut_pex message is not a bencoded dictionary: bencode: expected a dictionary at offset 0", "le".getBytes());
    }

    private static void assertError(String expected, byte[] payload) {
        assertEquals(expected, assertThrows(PexException.class, () -> PexMessage.decode(payload)).getMessage());
    }
}
