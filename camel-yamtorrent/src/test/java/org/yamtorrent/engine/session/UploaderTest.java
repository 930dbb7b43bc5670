package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.rate.Throttle;
import org.yamtorrent.engine.rate.TokenBucket;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.wire.MessageId;
import org.yamtorrent.engine.wire.PeerMessage;
import org.yamtorrent.engine.wire.WireException;

/** The upload side on its own: what it refuses, how much it queues, and how it reads and sends in batches. */
@Timeout(30)
class UploaderTest {

    private static final int PIECE = 4 * Block.SIZE;

    @TempDir
    Path tmp;

    private final byte[] payload = TestTorrents.randomBytes(3 * PIECE, 12);
    private final Metainfo m = TestTorrents.singleFile("u.bin", payload, PIECE);
    /** Disk tasks wait here until the test runs them. */
    private final List<Runnable> diskTasks = Collections.synchronizedList(new ArrayList<>());
    private final RateMeter uploaded = new RateMeter();
    private PieceStore store;
    private Uploader uploader;

    @BeforeEach
    void setUp() throws Exception {
        Files.write(tmp.resolve("u.bin"), payload);
        store = PieceStore.open(m, tmp, null);
        SessionConfig config = new SessionConfig().maxQueuedUploadRequests(20);
        uploader = uploader(config, new Throttle());
    }

    private Uploader uploader(SessionConfig config, Throttle throttle) {
        return new Uploader(this, "t", config, diskTasks::add, uploaded, new Choker(config.uploadSlots(),
                new Random(1)), throttle);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private void attach() {
        uploader.attach(m.geometry(), store, store::isVerified);
    }

    private static PeerMessage.Request request(int piece, int block) {
        return new PeerMessage.Request(piece, block * Block.SIZE, Block.SIZE);
    }

    @Test
    void nothingIsServedBeforeThePiecesAreKnown() {
        PeerConnection p = TestPeers.peer(1);
        assertEquals("the torrent's pieces are not known here yet", uploader.invalid(request(0, 0)));
        uploader.unchoke(p);
        uploader.request(p, request(0, 0));
        assertEquals(List.of(MessageId.UNCHOKE, MessageId.REJECT_REQUEST), TestPeers.sent(p));
        assertTrue(diskTasks.isEmpty());
    }

    @Test
    void invalidRequestsAreRejectedThenTheirSenderDropped() {
        attach();
        assertNull(uploader.invalid(request(2, 3)));
        assertEquals("piece 3 out of range", uploader.invalid(request(3, 0)));
        assertEquals("length 131073 outside 1..131072", uploader.invalid(new PeerMessage.Request(0, 0, 131073)));
        assertEquals("block 49152+32768 outside piece 0",
                uploader.invalid(new PeerMessage.Request(0, 3 * Block.SIZE, 2 * Block.SIZE)));
        PeerConnection p = TestPeers.peer(1);
        uploader.unchoke(p);
        TestPeers.sent(p);
        for (int i = 0; i < Swarm.MAX_BAD_MESSAGES; i++) {
            uploader.request(p, request(9, 0));
        }
        assertEquals(Collections.nCopies(Swarm.MAX_BAD_MESSAGES, MessageId.REJECT_REQUEST), TestPeers.sent(p));
        assertThrows(WireException.class, () -> uploader.request(p, request(9, 0)));
    }

    @Test
    void aChokedPeersRequestsAndThoseBeyondTheCapAreRejected() {
        attach();
        PeerConnection p = TestPeers.peer(1);
        uploader.request(p, request(0, 0));
        assertEquals(List.of(MessageId.REJECT_REQUEST), TestPeers.sent(p), "we choke it");
        uploader.unchoke(p);
        for (int i = 0; i < 12; i++) {
            uploader.request(p, request(i / 4, i % 4));
        }
        assertEquals(2, diskTasks.size(), "two batches read at a time (here the first two requests, one each)");
        assertEquals(10, p.uploadQueue.size(), "the rest waits for them");
        for (int i = 0; i < 30; i++) {
            uploader.request(p, request(i % 3, 0));
        }
        assertEquals(20, p.uploadQueue.size(), "at most maxQueuedUploadRequests wait");
        List<Integer> sent = TestPeers.sent(p);
        assertEquals(MessageId.UNCHOKE, sent.get(0));
        assertEquals(20, sent.size() - 1, "the overflow is rejected");
        uploader.choke(p);
        List<Integer> choke = TestPeers.sent(p);
        assertEquals(21, choke.size(), "a choke rejects what was queued (BEP 6), then chokes");
        assertEquals(MessageId.CHOKE, choke.get(20));
        assertTrue(p.uploadQueue.isEmpty());
    }

    @Test
    void batchesAreReadOnTheDiskAndSentInOrder() {
        attach();
        PeerConnection p = TestPeers.peer(1);
        uploader.unchoke(p);
        TestPeers.sent(p);
        for (int i = 0; i < 12; i++) {
            uploader.request(p, request(i / 4, i % 4));
        }
        while (!diskTasks.isEmpty()) {
            diskTasks.remove(0).run();
            TestPeers.sent(p); // runs the event loop's writes, which finish the batch and start the next
        }
        assertEquals(12L * Block.SIZE, uploaded.total());
        assertEquals(0, p.uploadsInFlight);
        assertTrue(p.uploadQueue.isEmpty());
    }

    @Test
    void anUploadLimitInDebtHoldsTheNextBatchBackUntilItIsPaid() throws InterruptedException {
        uploader = uploader(new SessionConfig(), new Throttle(new TokenBucket(2 * Block.SIZE)));
        attach();
        PeerConnection p = TestPeers.peer(1);
        uploader.unchoke(p);
        TestPeers.sent(p);
        for (int i = 0; i < 4; i++) {
            uploader.request(p, request(0, i));
        }
        assertEquals(1, diskTasks.size(), "the first block is read; it leaves the limit (a quarter second, half a block, in the bucket) in debt");
        assertTrue(p.uploadWakePending, "a retry is scheduled for when the debt is paid");
        long start = System.nanoTime();
        EmbeddedChannel channel = (EmbeddedChannel) p.channel;
        while (diskTasks.size() < 2 && System.nanoTime() - start < 5_000_000_000L) {
            Thread.sleep(5);
            channel.runScheduledPendingTasks();
        }
        assertEquals(2, diskTasks.size(), "the next batch is read once the debt is paid");
        assertTrue(System.nanoTime() - start > 150_000_000L, "half a block of debt at 2 blocks/s is paid in 250 ms");
    }
}
