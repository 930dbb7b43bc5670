package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PieceHasherTest {

    /** A source over an in-memory payload that also records how much it was asked for. */
    private static final class MemorySource implements PieceHasher.Source {
        final byte[] payload;
        final AtomicInteger bytesRead = new AtomicInteger();

        MemorySource(byte[] payload) {
            this.payload = payload;
        }

        @Override
        public void read(long payloadOffset, ByteBuffer dst) {
            bytesRead.addAndGet(dst.remaining());
            dst.put(payload, (int) payloadOffset, dst.remaining());
        }
    }

    private static byte[][] hashAll(PieceGeometry layout, byte[] payload, Set<String> threads) throws IOException {
        byte[][] digests = new byte[layout.pieceCount()][];
        new PieceHasher(layout).hash(i -> true, new MemorySource(payload), (i, d) -> {
            threads.add(Thread.currentThread().getName());
            synchronized (digests) {
                assertNull(digests[i], "piece " + i + " reported twice");
                digests[i] = d;
            }
        });
        return digests;
    }

    private static void assertDigests(byte[] payload, int pieceLength, byte[][] digests) {
        byte[] expected = TestTorrents.hashPieces(payload, pieceLength);
        for (int i = 0; i < digests.length; i++) {
            assertArrayEquals(Arrays.copyOfRange(expected, i * Sha1.LENGTH, (i + 1) * Sha1.LENGTH), digests[i],
                    "piece " + i);
        }
    }

    @Test
    void smallPiecesAcrossFilesOnSeveralThreads() throws IOException {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two cores to go parallel");
        byte[] payload = TestTorrents.randomBytes(6 * 1024 * 1024 + 123, 1);
        PieceGeometry layout = new PieceGeometry(PieceGeometryTest.files(1_000_000, 0, 3_000_000, 2_291_579), 16384);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        byte[][] digests = hashAll(layout, payload, threads);
        assertDigests(payload, 16384, digests);
        assertTrue(threads.size() >= 2, "hashed on " + threads);
        assertTrue(threads.stream().allMatch(n -> n.startsWith("yamtorrent-hasher-")), threads.toString());
    }

    @Test
    void piecesLargerThanTheReadBuffer() throws IOException {
        int pieceLength = 2 * PieceHasher.CHUNK;
        byte[] payload = TestTorrents.randomBytes(5 * PieceHasher.CHUNK + 7, 2);
        PieceGeometry layout = new PieceGeometry(PieceGeometryTest.files(payload.length), pieceLength);
        byte[][] digests = hashAll(layout, payload, ConcurrentHashMap.newKeySet());
        assertEquals(3, digests.length);
        assertDigests(payload, pieceLength, digests);
    }

    @Test
    void smallJobStaysOnTheCallingThread() throws IOException {
        byte[] payload = TestTorrents.randomBytes(100_000, 3);
        PieceGeometry layout = new PieceGeometry(PieceGeometryTest.files(40_000, 60_000), 16384);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        assertDigests(payload, 16384, hashAll(layout, payload, threads));
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void unwantedPiecesAreNeitherReadNorReported() throws IOException {
        byte[] payload = TestTorrents.randomBytes(20 * 16384, 4);
        PieceGeometry layout = new PieceGeometry(PieceGeometryTest.files(payload.length), 16384);
        MemorySource source = new MemorySource(payload);
        Set<Integer> reported = ConcurrentHashMap.newKeySet();
        new PieceHasher(layout).hash(i -> i % 3 == 0, source, (i, d) -> reported.add(i));
        assertEquals(Set.of(0, 3, 6, 9, 12, 15, 18), reported);
        assertEquals(7 * 16384, source.bytesRead.get());
    }

    @Test
    void singlePieceDigest() throws IOException {
        byte[] payload = TestTorrents.randomBytes(3 * 16384 + 5, 5);
        PieceGeometry layout = new PieceGeometry(PieceGeometryTest.files(payload.length), 16384);
        byte[] expected = TestTorrents.hashPieces(payload, 16384);
        PieceHasher hasher = new PieceHasher(layout);
        assertArrayEquals(Arrays.copyOfRange(expected, 20, 40), hasher.digest(1, new MemorySource(payload)));
        assertArrayEquals(Arrays.copyOfRange(expected, 60, 80), hasher.digest(3, new MemorySource(payload)));
    }

    @Test
    void sourceFailureSurfacesAsIoException() {
        byte[] payload = new byte[16 * 1024 * 1024];
        PieceGeometry layout = new PieceGeometry(PieceGeometryTest.files(payload.length), 16384);
        PieceHasher.Source failing = (pos, dst) -> {
            if (pos >= 8 * 1024 * 1024) {
                throw new IOException("disk on fire at " + pos);
            }
            dst.position(dst.limit());
        };
        IOException e = assertThrows(IOException.class, () -> new PieceHasher(layout).hash(i -> true, failing,
                (i, d) -> { }));
        assertTrue(e.getMessage().startsWith("disk on fire"), e.getMessage());
    }

    @Test
    void threadCountIsBounded() {
        assertEquals(1, PieceHasher.threads(1000, PieceHasher.PARALLEL_BYTES - 1));
        assertEquals(1, PieceHasher.threads(1, 1L << 40));
        int n = PieceHasher.threads(1000, 1L << 40);
        assertEquals(Math.min(4, Runtime.getRuntime().availableProcessors()), n);
    }
}
