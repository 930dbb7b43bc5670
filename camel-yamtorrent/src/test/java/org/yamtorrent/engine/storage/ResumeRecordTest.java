package org.yamtorrent.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

@Timeout(60)
class ResumeRecordTest {

    @TempDir
    Path tmp;

    static ResumeRecord sample() {
        Bitfield b = new Bitfield(11);
        b.set(0);
        b.set(7);
        b.set(10);
        return new ResumeRecord(InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567"), b,
                List.of(new Storage.FileState(5000, 1_700_000_000_123L), Storage.FileState.ABSENT,
                        new Storage.FileState(0, 1_600_000_000_000L)));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Map<String, Object> fields(ResumeRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("info-hash", r.infoHash().hex());
        m.put("pieces", r.verified().size());
        m.put("bitfield", r.verified().toBytes());
        List<Object> files = new ArrayList<>();
        r.files().forEach(f -> files.add(List.of(f.size(), f.modifiedMillis())));
        m.put("files", files);
        return m;
    }

    static byte[] with(ResumeRecord r, String key, Object value) {
        Map<String, Object> m = fields(r);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return BencodeWriter.encode(m);
    }

    @Test
    void roundTrip() {
        ResumeRecord r = sample();
        byte[] encoded = r.encode();
        assertArrayEquals(BencodeWriter.encode(fields(r)), encoded);
        assertEquals(r, ResumeRecord.decode(encoded));
    }

    static Stream<Arguments> hostile() {
        ResumeRecord r = sample();
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("not bencode", ascii("hello world")),
                Arguments.of("a list", ascii("le")),
                Arguments.of("unterminated", ascii("d7:versioni1e")),
                Arguments.of("huge declared string", ascii("d8:bitfield2000000000:abc")),
                Arguments.of("absurd string length", ascii("d8:bitfield99999999999999:abc")),
                Arguments.of("deep nesting", ascii("d1:a" + "l".repeat(100_000) + "e".repeat(100_001))),
                Arguments.of("integer beyond a long", ascii("d7:versioni99999999999999999999ee")),
                Arguments.of("integer with leading zero", ascii("d7:versioni01ee")),
                Arguments.of("negative zero", ascii("d7:versioni-0ee")),
                Arguments.of("integer as exponent", ascii("d7:versioni1e5ee")),
                Arguments.of("trailing bytes", concat(r.encode(), ascii("x"))),
                Arguments.of("integer key", ascii("di1ei2ee")),
                Arguments.of("missing version", with(r, "version", null)),
                Arguments.of("other version", with(r, "version", 2)),
                Arguments.of("info-hash not hex", with(r, "info-hash", "zz".repeat(20))),
                Arguments.of("info-hash short", with(r, "info-hash", "abcd")),
                Arguments.of("negative pieces", with(r, "pieces", -1)),
                Arguments.of("pieces beyond an int", with(r, "pieces", 1L << 40)),
                Arguments.of("bitfield too short", with(r, "bitfield", new byte[1])),
                Arguments.of("spare bits set", with(r, "bitfield", new byte[] {0, (byte) 0xff})),
                Arguments.of("files not a list", with(r, "files", "x")),
                Arguments.of("file not a pair", with(r, "files", List.of(List.of(1L)))),
                Arguments.of("file size below -1", with(r, "files", List.of(List.of(-2L, 5L)))),
                Arguments.of("absent size with mtime", with(r, "files", List.of(List.of(-1L, 5L)))),
                Arguments.of("file size a string", with(r, "files", List.of(List.of("5", 5L)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileRecordsAreRejectedWithStorageException(String name, byte[] bytes) {
        StorageException e = assertThrows(StorageException.class, () -> ResumeRecord.decode(bytes));
        assertTrue(e.getMessage().startsWith("resume record: "), e.getMessage());
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] valid = sample().encode();
        for (int n = 0; n < valid.length; n++) {
            byte[] prefix = Arrays.copyOf(valid, n);
            assertThrows(StorageException.class, () -> ResumeRecord.decode(prefix), "prefix of " + n);
        }
    }

    @Test
    void randomMutationsDecodeOrFailCleanly() {
        byte[] valid = sample().encode();
        Random random = new Random(9);
        int rejected = 0;
        for (int round = 0; round < 5000; round++) {
            byte[] b = valid.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            try {
                ResumeRecord.decode(b);
            } catch (StorageException e) {
                rejected++;
            }
        }
        assertTrue(rejected > 0, "some mutations must be rejected");
    }

    @Test
    void oversizedFileIsRefusedBeforeDecoding() throws IOException {
        Path file = tmp.resolve("big.resume");
        Files.write(file, new byte[ResumeRecord.maxSize(11, 3) + 1]);
        StorageException e = assertThrows(StorageException.class,
                () -> ResumeRecord.read(file, ResumeRecord.maxSize(11, 3)));
        assertTrue(e.getMessage().contains("longer than the limit"), e.getMessage());
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporary() throws IOException {
        Path file = tmp.resolve("dir/t.resume");
        ResumeRecord first = sample();
        first.write(file);
        Bitfield all = new Bitfield(11);
        for (int i = 0; i < 11; i++) {
            all.set(i);
        }
        ResumeRecord second = new ResumeRecord(first.infoHash(), all, first.files());
        second.write(file);
        assertEquals(second, ResumeRecord.read(file, ResumeRecord.maxSize(11, 3)));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    // ---- a damaged record never throws out of PieceStore.open; it forces the full check ----

    static Stream<Arguments> damage() {
        return Stream.of(
                Arguments.of("garbage", (UnaryOperator<byte[]>) valid -> ascii("garbage")),
                Arguments.of("empty", (UnaryOperator<byte[]>) valid -> new byte[0]),
                Arguments.of("truncated", (UnaryOperator<byte[]>) valid -> Arrays.copyOf(valid, valid.length / 2)),
                Arguments.of("last byte missing",
                        (UnaryOperator<byte[]>) valid -> Arrays.copyOf(valid, valid.length - 1)),
                Arguments.of("huge string", (UnaryOperator<byte[]>) valid -> ascii("d8:bitfield2000000000:")),
                Arguments.of("deep nesting", (UnaryOperator<byte[]>) valid -> ascii("l".repeat(1 << 16))),
                Arguments.of("beyond the size cap", (UnaryOperator<byte[]>) valid ->
                        concat(valid, new byte[(1 << 20) + 1000])),
                Arguments.of("other torrent", (UnaryOperator<byte[]>) valid -> {
                    ResumeRecord r = ResumeRecord.decode(valid);
                    return new ResumeRecord(InfoHash.of(new byte[20]), r.verified(), r.files()).encode();
                }),
                Arguments.of("other version", (UnaryOperator<byte[]>) valid ->
                        with(ResumeRecord.decode(valid), "version", 7)),
                Arguments.of("fewer files", (UnaryOperator<byte[]>) valid -> {
                    ResumeRecord r = ResumeRecord.decode(valid);
                    return new ResumeRecord(r.infoHash(), r.verified(), r.files().subList(1, r.files().size()))
                            .encode();
                }),
                Arguments.of("more pieces", (UnaryOperator<byte[]>) valid -> {
                    ResumeRecord r = ResumeRecord.decode(valid);
                    Bitfield more = new Bitfield(r.verified().size() + 1);
                    for (int i = 0; i < more.size(); i++) {
                        more.set(i);
                    }
                    return new ResumeRecord(r.infoHash(), more, r.files()).encode();
                }));
    }

    /**
     * The data is complete except piece 1, corrupted with size and mtime kept; a trusted record would report all
     * four pieces, the full check reports {0, 2, 3}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void damagedRecordForcesFullCheck(String name, UnaryOperator<byte[]> damage) throws IOException {
        Map<String, byte[]> files = PieceStoreTest.spanningFiles();
        Metainfo meta = TestTorrents.multiFile("t", files, PieceStoreTest.PIECE);
        Path resume = tmp.resolve("t.resume");
        try (PieceStore store = PieceStore.open(meta, tmp, resume)) {
            PieceStoreTest.writeAll(store, TestTorrents.payload(files));
        }
        PieceStoreTest.corruptKeepingMtime(tmp.resolve("t/sub/b.bin"), 500);
        Files.write(resume, damage.apply(Files.readAllBytes(resume)));
        try (PieceStore store = PieceStore.open(meta, tmp, resume)) {
            assertEquals(Set.of(0, 2, 3), PieceStoreTest.verified(store));
        }
        assertEquals(Set.of(0, 2, 3), Set.copyOf(verifiedInRecord(resume)), "close rewrote a sound record");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void recordThatIsADirectoryOrMissingForcesFullCheck(boolean directory) throws IOException {
        Map<String, byte[]> files = PieceStoreTest.spanningFiles();
        Metainfo meta = TestTorrents.multiFile("t", files, PieceStoreTest.PIECE);
        Path resume = tmp.resolve("t.resume");
        try (PieceStore store = PieceStore.open(meta, tmp.resolve("data"), null)) {
            PieceStoreTest.writeAll(store, TestTorrents.payload(files));
        }
        if (directory) {
            Files.createDirectories(resume);
        }
        PieceStore store = PieceStore.open(meta, tmp.resolve("data"), resume);
        assertTrue(store.isComplete());
        if (directory) {
            assertThrows(StorageException.class, store::close, "cannot replace a directory");
        } else {
            store.close();
            assertFalse(verifiedInRecord(resume).isEmpty());
        }
    }

    private static List<Integer> verifiedInRecord(Path resume) throws IOException {
        Bitfield b = ResumeRecord.decode(Files.readAllBytes(resume)).verified();
        List<Integer> set = new ArrayList<>();
        for (int i = b.nextSet(0); i >= 0; i = b.nextSet(i + 1)) {
            set.add(i);
        }
        return set;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
