package org.yamtorrent.engine.dht;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.bencode.BencodeReader;
import org.yamtorrent.engine.bencode.BencodeWriter;

/**
 * What a DHT node keeps across restarts, in one bencoded file: its id (so the nodes that know us still find us
 * where they expect) and its routing table as compact {@code nodes} and {@code nodes6}.
 */
record DhtState(NodeId id, List<Contact> nodes) {

    private static final Logger LOG = LoggerFactory.getLogger(DhtState.class);
    /** A saved table larger than the largest table (160 buckets of 8, both families) is not ours. */
    private static final int MAX_FILE = 2 * 160 * 8 * Compact.NODE6 + 1024;

    /** The saved state, or null when there is none or it cannot be read (then we start afresh). */
    static DhtState load(Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                LOG.info("dht: ignoring {}: too large to be a saved routing table", file);
                return null;
            }
            Map<String, Object> m = BencodeReader.dictionary(Files.readAllBytes(file));
            if (!(m.get("id") instanceof ByteBuffer id) || id.remaining() != NodeId.LENGTH) {
                throw new KrpcException("no 20-byte id");
            }
            List<Contact> nodes = new ArrayList<>();
            nodes.addAll(compact(m.get("nodes"), false));
            nodes.addAll(compact(m.get("nodes6"), true));
            return new DhtState(NodeId.of(bytes(id)), nodes);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | TorrentException e) {
            LOG.info("dht: ignoring the saved routing table {}: {}", file, e.getMessage());
            return null;
        }
    }

    private static List<Contact> compact(Object value, boolean ipv6) {
        return value instanceof ByteBuffer b ? Compact.nodes(bytes(b), ipv6, 160 * 8) : List.of();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Writes the state beside {@code file} and moves it into place, so a crash leaves the old one whole. */
    void save(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.bytes());
        m.put("nodes", Compact.nodes(nodes, false));
        m.put("nodes6", Compact.nodes(nodes, true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, BencodeWriter.encode(m));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
