package org.yamtorrent.engine.lsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.metainfo.InfoHash;

/** BT-SEARCH announces: the BEP 14 layout, several info-hashes, unknown headers skipped, bad ones refused. */
class LsdMessageTest {

    private static final InfoHash A = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    private static final InfoHash B = InfoHash.fromHex("fedcba9876543210fedcba9876543210fedcba98");

    @Test
    void writesTheLayoutOfBep14AndReadsItBack() {
        byte[] d = new LsdMessage(6881, List.of(A, B), "c00k1e").encode("239.192.152.143:6771");
        assertEquals("BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\nInfohash: " + A.hex()
                + "\r\nInfohash: " + B.hex() + "\r\ncookie: c00k1e\r\n\r\n\r\n", new String(d, StandardCharsets.US_ASCII));
        LsdMessage m = LsdMessage.decode(d, d.length);
        assertEquals(new LsdMessage(6881, List.of(A, B), "c00k1e"), m);
    }

    @Test
    void skipsUnknownHeadersAndReadsUpperCaseHex() {
        String text = "BT-SEARCH * HTTP/1.1\r\nHost: [ff15::efc0:988f]:6771\r\nX-Client: other\r\nPort: 51413\r\n"
                + "Infohash: " + A.hex().toUpperCase() + "\r\n\r\n\r\n";
        LsdMessage m = LsdMessage.decode(text.getBytes(StandardCharsets.US_ASCII), text.length());
        assertEquals(51413, m.port());
        assertEquals(List.of(A), m.infoHashes());
        assertEquals("", m.cookie());
    }

    @Test
    void capsTheInfoHashesOfOneAnnounce() {
        List<InfoHash> many = new ArrayList<>(Collections.nCopies(100, A));
        byte[] d = new LsdMessage(1, many, "").encode("h");
        assertTrue(d.length < 4 * LsdMessage.MAX_BYTES);
        assertEquals(LsdMessage.MAX_INFO_HASHES, LsdMessage.decode(d, d.length).infoHashes().size());
    }

    @Test
    void refusesWhatIsNotAnAnnounce() {
        for (String bad : List.of("", "M-SEARCH * HTTP/1.1\r\n\r\n", "BT-SEARCH * HTTP/1.1\r\nPort: 1\r\n\r\n",
                "BT-SEARCH * HTTP/1.1\r\nInfohash: " + A.hex() + "\r\n\r\n",
                "BT-SEARCH * HTTP/1.1\r\nPort: 70000\r\nInfohash: " + A.hex() + "\r\n\r\n",
                "BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: 1234\r\n\r\n",
                "BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: zz23456789abcdef0123456789abcdef01234567\r\n\r\n",
                "BT-SEARCH * HTTP/1.1\r\nno colon\r\n\r\n")) {
            byte[] d = bad.getBytes(StandardCharsets.US_ASCII);
            assertThrows(LsdException.class, () -> LsdMessage.decode(d, d.length), bad);
        }
        assertThrows(LsdException.class, () -> LsdMessage.decode(new byte[10_000], 10_000));
    }
}
