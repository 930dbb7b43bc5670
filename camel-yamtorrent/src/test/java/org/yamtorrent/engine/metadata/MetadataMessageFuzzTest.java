package org.yamtorrent.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * ut_metadata messages from strangers: only {@link MetadataException} may escape the codec and the fetcher, what
 * the codec accepts survives being encoded and read again, and no data message makes the fetcher allocate more
 * than its cap or report metadata that does not match the info-hash.
 */
class MetadataMessageFuzzTest {

    private static final int CAP = 1 << 20;

    @FuzzTest
    @Timeout(10)
    void message(byte[] payload) {
        MetadataMessage m;
        try {
            m = MetadataMessage.decode(payload);
        } catch (MetadataException expected) {
            return;
        }
        assertTrue(m.piece() >= 0);
        assertEquals(m, MetadataMessage.decode(m.encode()), "survives a round trip");
        if (m instanceof MetadataMessage.Data d) {
            assertTrue(d.bytes().length <= MetadataMessage.PIECE_SIZE);
            feed(d);
        }
    }

    /** A fetcher that asked the peer for every piece of the size the message claims. */
    private static void feed(MetadataMessage.Data d) {
        MetadataFetcher<String> f = new MetadataFetcher<>(InfoHash.sha1(new byte[0], 0, 0), CAP, 1000);
        try {
            f.peerHas("peer", d.totalSize());
            f.requests(0);
            assertTrue(!f.onData("peer", d) && f.metadata() == null, "nothing matches the hash of no bytes");
        } catch (MetadataException expected) {
            // a size over the cap, or a piece not asked for or of the wrong length
        }
    }
}
