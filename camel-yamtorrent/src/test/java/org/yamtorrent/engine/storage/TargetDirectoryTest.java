package org.yamtorrent.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/**
 * Nothing is written outside the target directory: hostile path components and symbolic links planted in the
 * target are refused, a sentinel outside stays untouched and no file appears outside.
 */
@Timeout(30)
class TargetDirectoryTest {

    static final byte[] SENTINEL = "do not touch".getBytes();

    @TempDir
    Path tmp;
    Path outside;
    Path target;

    @BeforeEach
    void layout() throws IOException {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.write(outside.resolve("sentinel.bin"), SENTINEL);
        target = Files.createDirectories(tmp.resolve("deep/er/target"));
    }

    /** Every file below the temp dir except those under the target. */
    private Set<Path> filesOutsideTarget() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> !p.startsWith(target)).collect(Collectors.toSet());
        }
    }

    private void assertSentinelUntouched(Set<Path> before) throws IOException {
        assertArrayEquals(SENTINEL, Files.readAllBytes(outside.resolve("sentinel.bin")));
        assertEquals(before, filesOutsideTarget(), "no file appears outside the target");
    }

    private static Metainfo multi(String key) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ok.bin", TestTorrents.randomBytes(100, 1));
        files.put(key, TestTorrents.randomBytes(5000, 2));
        return TestTorrents.multiFile("t", files, 4096);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../outside/sentinel.bin", "sub/../../../../evil", "..", ".", "C:/evil",
            "c:evil", "a\0b", "sub//evil", "back\\slash"})
    void hostileComponentsAreRefusedBeforeAnyIo(String key) throws IOException {
        Set<Path> before = filesOutsideTarget();
        StorageException e = assertThrows(StorageException.class,
                () -> PieceStore.open(multi(key), target, null));
        assertTrue(e.getMessage().startsWith("path t/"), e.getMessage());
        assertSentinelUntouched(before);
        try (Stream<Path> s = Files.list(target)) {
            assertEquals(0, s.count(), "nothing created in the target either");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs/evil", "..", "D:", ""})
    void hostileSingleFileNamesAreRefused(String name) throws IOException {
        Set<Path> before = filesOutsideTarget();
        assertThrows(StorageException.class,
                () -> PieceStore.open(TestTorrents.singleFile(name, new byte[10], 16384), target, null));
        assertSentinelUntouched(before);
    }

    @Test
    void symlinkedTorrentDirectoryIsRefusedOnOpen() throws IOException {
        Files.createSymbolicLink(target.resolve("t"), outside);
        Set<Path> before = filesOutsideTarget();
        StorageException e = assertThrows(StorageException.class, () -> PieceStore.open(multi("x.bin"), target,
                null));
        assertTrue(e.getMessage().contains("t is a symbolic link"), e.getMessage());
        assertSentinelUntouched(before);
    }

    @Test
    void symlinkPlantedAfterOpenIsRefusedOnWrite() throws IOException {
        Metainfo meta = multi("sub/x.bin");
        try (PieceStore store = PieceStore.open(meta, target, null)) {
            Files.createDirectories(target.resolve("t"));
            Files.createSymbolicLink(target.resolve("t/sub"), outside);
            Set<Path> before = filesOutsideTarget();
            StorageException e = assertThrows(StorageException.class,
                    () -> store.writeBlock(0, 0, ByteBuffer.allocate(4096)));
            assertTrue(e.getMessage().contains("t/sub is a symbolic link"), e.getMessage());
            assertSentinelUntouched(before);
        }
    }

    @Test
    void symlinkAsTheFileItselfIsRefused() throws IOException {
        Files.createDirectories(target.resolve("t"));
        Files.createSymbolicLink(target.resolve("t/x.bin"), outside.resolve("sentinel.bin"));
        Set<Path> before = filesOutsideTarget();
        StorageException e = assertThrows(StorageException.class, () -> PieceStore.open(multi("x.bin"), target,
                null));
        assertTrue(e.getMessage().contains("t/x.bin is a symbolic link"), e.getMessage());
        assertSentinelUntouched(before);
    }

    @Test
    void singleFileThatIsASymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(target.resolve("movie.bin"), outside.resolve("sentinel.bin"));
        Set<Path> before = filesOutsideTarget();
        assertThrows(StorageException.class, () -> PieceStore.open(TestTorrents.singleFile("movie.bin",
                new byte[SENTINEL.length], 16384), target, null));
        assertSentinelUntouched(before);
    }

    @Test
    void targetItselfMayBeALink() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-target"), target);
        TargetDirectory dir = new TargetDirectory(link);
        Path p = dir.prepare(List.of("t", "sub", "f"));
        assertTrue(Files.isDirectory(target.resolve("t/sub")));
        assertEquals(link.resolve("t/sub/f").toAbsolutePath(), p);
        assertNull(dir.existing(List.of("t", "sub", "f")));
    }

    @Test
    void fileWhereADirectoryIsExpectedIsRefused() throws IOException {
        Files.write(target.resolve("t"), new byte[1]);
        TargetDirectory dir = new TargetDirectory(target);
        StorageException e = assertThrows(StorageException.class, () -> dir.prepare(List.of("t", "f")));
        assertTrue(e.getMessage().endsWith("t is not a directory"), e.getMessage());
        assertThrows(StorageException.class, () -> dir.existing(List.of("t", "f")));
    }

    @Test
    void directoryWhereAFileIsExpectedIsRefused() throws IOException {
        Files.createDirectories(target.resolve("t/f"));
        StorageException e = assertThrows(StorageException.class,
                () -> new TargetDirectory(target).existing(List.of("t", "f")));
        assertTrue(e.getMessage().endsWith("t/f is not a regular file"), e.getMessage());
    }

    @Test
    void noComponentsIsRefused() {
        assertThrows(StorageException.class, () -> new TargetDirectory(target).resolve(List.of()));
    }
}
