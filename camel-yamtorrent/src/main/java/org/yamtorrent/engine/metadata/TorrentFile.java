package org.yamtorrent.engine.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yamtorrent.engine.bencode.BencodeWriter;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoException;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.storage.AtomicFile;

/**
 * Turns metadata fetched from peers into a .torrent: {@code d8:announce...13:announce-list...4:info<raw>...e},
 * with the magnet's trackers (one tier each) and web seeds, read back through {@link MetainfoReader} like any
 * .torrent. It is saved beside the torrent's resume record ({@code <info-hash>.torrent} next to
 * {@code <info-hash>.resume}) so that a restart needs no peer for it.
 */
public final class TorrentFile {

    private TorrentFile() {
    }

    /** The .torrent bytes for a verified info dictionary and the magnet it was fetched for. */
    public static byte[] bytes(byte[] rawInfo, MagnetUri magnet) {
        return bytes(rawInfo, magnet.trackerTiers(), magnet.webSeeds());
    }

    /** The .torrent bytes for a verified info dictionary, with these announce tiers and web seeds. */
    public static byte[] bytes(byte[] rawInfo, List<List<String>> tiers, List<String> webSeeds) {
        return bytes(rawInfo, tiers, webSeeds, Map.of());
    }

    /**
     * The same with BEP 52 {@code piece layers} (pieces root to layer), which a v2 info dictionary leaves out;
     * the reader checks each against its root again.
     */
    public static byte[] bytes(byte[] rawInfo, List<List<String>> tiers, List<String> webSeeds,
                               Map<ByteBuffer, byte[]> pieceLayers) {
        // keys in byte order: announce, announce-list, info, piece layers, url-list
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('d');
        if (!tiers.isEmpty()) {
            entry(out, "announce", tiers.get(0).get(0));
            entry(out, "announce-list", tiers);
        }
        out.writeBytes(BencodeWriter.encode("info"));
        out.writeBytes(rawInfo);
        if (!pieceLayers.isEmpty()) {
            Map<byte[], byte[]> layers = new HashMap<>();
            pieceLayers.forEach((root, layer) -> layers.put(bytesOf(root), layer));
            entry(out, "piece layers", layers);
        }
        if (!webSeeds.isEmpty()) {
            entry(out, "url-list", webSeeds);
        }
        out.write('e');
        return out.toByteArray();
    }

    /**
     * Reads {@link #bytes} as a torrent, and checks it is the magnet's.
     *
     * @throws MetainfoException when the info dictionary is not a valid one, or is another torrent's
     */
    public static Metainfo metainfo(byte[] torrent, InfoHash expected) {
        return checked(MetainfoReader.read(torrent), expected, "metadata");
    }

    /** Where the metadata of the torrent with this resume record is kept. */
    public static Path beside(Path resumeFile, InfoHash infoHash) {
        return resumeFile.resolveSibling(infoHash.hex() + ".torrent");
    }

    /** Saves the .torrent atomically. */
    public static void save(Path file, byte[] torrent) throws IOException {
        AtomicFile.write(file, torrent);
    }

    /**
     * The saved torrent, or null when none was saved.
     *
     * @throws MetainfoException when the file is damaged or belongs to another info-hash
     */
    public static Metainfo load(Path file, InfoHash expected) throws IOException {
        Metainfo m;
        try {
            m = new MetainfoReader().parse(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        return checked(m, expected, file.toString());
    }

    private static Metainfo checked(Metainfo m, InfoHash expected, String what) {
        if (!m.infoHash().equals(expected)) {
            throw new MetainfoException(what + " has info-hash " + m.infoHash() + ", not " + expected);
        }
        return m;
    }

    private static void entry(ByteArrayOutputStream out, String key, Object value) {
        out.writeBytes(BencodeWriter.encode(key));
        out.writeBytes(BencodeWriter.encode(value));
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
