package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.TorrentCreator.Compat;

/**
 * Same files, same piece length, same info-hash as mktorrent and transmission-create (Debian's /usr/bin ones).
 * Their info-hash is taken by re-encoding their decoded info dictionary, valid because both write canonical
 * bencode, and cross-checked against the reader's hash over the raw bytes.
 */
@Timeout(120)
class TorrentCreatorInteropTest {

    static final Path MKTORRENT = Path.of("/usr/bin/mktorrent");
    static final Path TRANSMISSION_CREATE = Path.of("/usr/bin/transmission-create");

    @TempDir
    Path tmp;

    /** Nested directories, an empty file, a hidden file and names whose order depends on case and punctuation. */
    static Map<String, byte[]> tree() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", TestTorrents.randomBytes(50_000, 1));
        files.put("B.bin", TestTorrents.randomBytes(333, 2));
        files.put("b-c.bin", TestTorrents.randomBytes(999, 3));
        files.put("Docs/readme.txt", TestTorrents.randomBytes(1234, 4));
        files.put("docs/z/deep/nested.bin", TestTorrents.randomBytes(70_000, 5));
        files.put("docs/z/deep/empty.txt", new byte[0]);
        files.put("empty.txt", new byte[0]);
        files.put(".hidden", TestTorrents.randomBytes(10, 6));
        return files;
    }

    private static void assumeInstalled(Path tool) {
        Assumptions.assumeTrue(Files.isExecutable(tool), tool + " is not installed (Debian package "
                + (tool.equals(MKTORRENT) ? "mktorrent" : "transmission-cli") + ")");
    }

    /** Runs a tool in {@code tmp}, returning the .torrent it wrote to {@code out}. */
    private byte[] run(Path out, String... command) throws IOException, InterruptedException {
        Path log = tmp.resolve(out.getFileName() + ".log");
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " did not finish");
            assertEquals(0, p.exitValue(), command[0] + " failed: " + Files.readString(log));
            return Files.readAllBytes(out);
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** The info-hash of another tool's torrent, by re-encoding its info dictionary with our writer. */
    private static InfoHash theirInfoHash(byte[] torrent) {
        byte[] info = BencodeWriter.encode(TorrentCreatorTest.decode(torrent).get("info"));
        InfoHash reEncoded = InfoHash.sha1(info, 0, info.length);
        assertEquals(MetainfoReader.read(torrent).infoHash(), reEncoded, "their bencode is canonical");
        return reEncoded;
    }

    private byte[] mktorrent(Path source, int pieceLog2, boolean privateFlag) throws Exception {
        Path out = tmp.resolve("mk-" + source.getFileName() + "-" + pieceLog2 + (privateFlag ? "-p" : "") + ".torrent");
        List<String> cmd = new ArrayList<>(List.of(MKTORRENT.toString(), "-l", Integer.toString(pieceLog2), "-d",
                "-a", "http://tracker.example/announce", "-o", out.toString()));
        if (privateFlag) {
            cmd.add("-p");
        }
        cmd.add(source.toString());
        return run(out, cmd.toArray(String[]::new));
    }

    private byte[] transmissionCreate(Path source, int pieceKib, boolean privateFlag) throws Exception {
        Path out = tmp.resolve("tr-" + source.getFileName() + "-" + pieceKib + (privateFlag ? "-p" : "") + ".torrent");
        List<String> cmd = new ArrayList<>(List.of(TRANSMISSION_CREATE.toString(), "-s", Integer.toString(pieceKib),
                "-t", "http://tracker.example/announce", "-o", out.toString()));
        if (privateFlag) {
            cmd.add("-p");
        }
        cmd.add(source.toString());
        return run(out, cmd.toArray(String[]::new));
    }

    private static InfoHash ours(Path source, int pieceLength, boolean privateFlag, Compat compat) throws IOException {
        return TorrentCreator.of(source).pieceLength(pieceLength).privateFlag(privateFlag).compat(compat).create()
                .infoHash();
    }

    private Path singleFile() throws IOException {
        return Files.write(tmp.resolve("single.bin"), TestTorrents.randomBytes(100_000, 7));
    }

    private Path multiFile() throws IOException {
        Path dir = tmp.resolve("multi");
        TestTorrents.writeTree(dir, tree());
        return dir;
    }

    @Test
    void singleFileMatchesMktorrent() throws Exception {
        assumeInstalled(MKTORRENT);
        Path file = singleFile();
        assertEquals(theirInfoHash(mktorrent(file, 15, false)), ours(file, 32768, false, Compat.MKTORRENT));
        assertEquals(theirInfoHash(mktorrent(file, 16, true)), ours(file, 65536, true, Compat.MKTORRENT));
    }

    @Test
    void multiFileTreeMatchesMktorrent() throws Exception {
        assumeInstalled(MKTORRENT);
        Path dir = multiFile();
        byte[] theirs = mktorrent(dir, 15, false);
        assertEquals(8, MetainfoReader.read(theirs).files().size(), "mktorrent keeps empty and hidden files");
        assertEquals(theirInfoHash(theirs), ours(dir, 32768, false, Compat.MKTORRENT));
        assertEquals(theirInfoHash(mktorrent(dir, 16, true)), ours(dir, 65536, true, Compat.MKTORRENT));
    }

    @Test
    void singleFileMatchesTransmissionCreate() throws Exception {
        assumeInstalled(TRANSMISSION_CREATE);
        Path file = singleFile();
        assertEquals(theirInfoHash(transmissionCreate(file, 32, false)), ours(file, 32768, false,
                Compat.TRANSMISSION));
        assertEquals(theirInfoHash(transmissionCreate(file, 16, true)), ours(file, 16384, true,
                Compat.TRANSMISSION));
    }

    @Test
    void multiFileTreeMatchesTransmissionCreate() throws Exception {
        assumeInstalled(TRANSMISSION_CREATE);
        Path dir = multiFile();
        byte[] theirs = transmissionCreate(dir, 32, false);
        assertEquals(5, MetainfoReader.read(theirs).files().size(), "transmission drops empty and hidden files");
        assertEquals(theirInfoHash(theirs), ours(dir, 32768, false, Compat.TRANSMISSION));
        assertEquals(theirInfoHash(transmissionCreate(dir, 64, true)), ours(dir, 65536, true, Compat.TRANSMISSION));
    }
}
