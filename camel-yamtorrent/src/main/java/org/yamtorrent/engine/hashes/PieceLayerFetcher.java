package org.yamtorrent.engine.hashes;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yamtorrent.engine.metainfo.MerkleTree;
import org.yamtorrent.engine.metainfo.PieceLayerNeed;
import org.yamtorrent.engine.wire.HashRange;

/**
 * Fetches the piece layers a v2 info dictionary names by their roots (BEP 52): each layer is cut into ranges of
 * at most {@value #MAX_HASHES} hashes (the most BEP 52 lets a request ask for), each asked of one peer with the
 * uncle hashes up to the root, and kept only when those hashes prove against the file's {@code pieces root}.
 *
 * <p>Peers lie. A peer whose hashes do not prove, or that sends the wrong number of them, is bad (it comes out of
 * {@link #takeBadPeers()} with the reason, to be dropped and banned) and nothing it sent is kept; its range is
 * asked of another peer. A range refused or not answered in time is asked of another peer; the refusing peer is
 * asked again only after the timeout.
 *
 * <p>Not thread-safe: the owner serialises every call; nothing here blocks.
 *
 * @param <P> the caller's name for a peer, compared with {@code equals}
 */
public final class PieceLayerFetcher<P> {

    /** BEP 52: a request SHOULD NOT ask for more than 512 hashes. */
    static final int MAX_HASHES = 512;
    /** Requests outstanding at one peer: well under the 16 a second a server may answer before it drops us. */
    static final int MAX_OUTSTANDING = 4;

    /** Send a hash request for {@code range} to {@code peer}. */
    public record Request<P>(P peer, HashRange range) {
    }

    /** One range of one layer, and who was asked for it. */
    private final class Part {
        final int file;
        final HashRange range;
        final int uncles;
        byte[][] hashes;
        P asked;
        long askedAt;
        final Map<P, Long> refusedUntil = new HashMap<>();

        Part(int file, HashRange range, int uncles) {
            this.file = file;
            this.range = range;
            this.uncles = uncles;
        }
    }

    private final List<PieceLayerNeed> needs;
    private final List<Part> parts = new ArrayList<>();
    private final long timeoutMillis;
    private final Set<P> peers = new LinkedHashSet<>();
    private final Map<P, Set<Part>> outstanding = new HashMap<>();
    private final Set<P> banned = new HashSet<>();
    private final Map<P, String> bad = new LinkedHashMap<>();
    private int missing;

    /** @param timeoutMillis how long a peer has to answer before its range is asked of another */
    public PieceLayerFetcher(List<PieceLayerNeed> needs, long timeoutMillis) {
        this.needs = List.copyOf(needs);
        this.timeoutMillis = timeoutMillis;
        for (int f = 0; f < this.needs.size(); f++) {
            PieceLayerNeed n = this.needs.get(f);
            int width = MerkleTree.width(n.pieceCount());
            int height = Integer.numberOfTrailingZeros(width);
            int length = Math.min(width, MAX_HASHES);
            int baseLayer = Integer.numberOfTrailingZeros(n.pieceLength() / MerkleTree.BLOCK);
            for (int index = 0; index < n.pieceCount(); index += length) {
                // proof layers count from the base layer; those the range itself covers are omitted (BEP 52)
                HashRange range = new HashRange(n.piecesRoot(), baseLayer, index, length, height - 1);
                parts.add(new Part(f, range, height - Integer.numberOfTrailingZeros(length)));
            }
        }
        missing = parts.size();
    }

    /** A peer that may serve hashes joined. */
    public void peerJoined(P peer) {
        if (!banned.contains(peer)) {
            peers.add(peer);
        }
    }

    /** The peer is gone: what it was asked is asked of others. */
    public void peerGone(P peer) {
        peers.remove(peer);
        Set<Part> asked = outstanding.remove(peer);
        if (asked != null) {
            asked.stream().filter(p -> peer.equals(p.asked)).forEach(p -> p.asked = null);
        }
    }

    /** The peers known to this fetcher, banned ones aside. */
    public Set<P> peers() {
        return Set.copyOf(peers);
    }

    public boolean complete() {
        return missing == 0;
    }

    /** Peers found lying since the last call, each with the reason; drop and ban them. */
    public Map<P, String> takeBadPeers() {
        Map<P, String> out = new LinkedHashMap<>(bad);
        bad.clear();
        return out;
    }

    /** What to send now: ranges nobody was asked for, and ranges whose peer did not answer in time. */
    public List<Request<P>> requests(long now) {
        List<Request<P>> out = new ArrayList<>();
        for (Part part : parts) {
            if (part.hashes != null) {
                continue;
            }
            if (part.asked != null && now - part.askedAt >= timeoutMillis) {
                part.refusedUntil.put(part.asked, now + timeoutMillis);
                part.asked = null;
            }
            if (part.asked == null) {
                P peer = pick(part, now);
                if (peer != null) {
                    part.asked = peer;
                    part.askedAt = now;
                    outstanding.computeIfAbsent(peer, k -> new HashSet<>()).add(part);
                    out.add(new Request<>(peer, part.range));
                }
            }
        }
        return out;
    }

    private P pick(Part part, long now) {
        return peers.stream()
                .filter(p -> part.refusedUntil.getOrDefault(p, 0L) <= now && load(p) < MAX_OUTSTANDING)
                .min(Comparator.comparingInt(this::load)).orElse(null);
    }

    private int load(P peer) {
        Set<Part> asked = outstanding.get(peer);
        return asked == null ? 0 : asked.size();
    }

    /**
     * A hashes message arrived.
     *
     * @return false when nothing was asked of this peer for that range: an unsolicited message
     */
    public boolean onHashes(P peer, HashRange range, byte[] hashes) {
        Part part = answered(peer, range);
        if (part == null) {
            return false;
        }
        if (part.hashes != null) {
            return true; // a late answer, after another peer's proved
        }
        int count = hashes.length / MerkleTree.HASH;
        if (count != range.length() + part.uncles) {
            ban(peer, part, "sent " + count + " hashes for " + range + "; it needs " + range.length() + " and "
                    + part.uncles + " uncles");
            return true;
        }
        byte[][] base = split(hashes, 0, range.length());
        byte[][] uncles = split(hashes, range.length(), part.uncles);
        if (!MerkleTree.proves(range.piecesRoot(), base, range.index(), uncles)) {
            ban(peer, part, "sent hashes that do not prove against pieces root "
                    + HexFormat.of().formatHex(range.piecesRoot()));
            return true;
        }
        part.hashes = base;
        part.asked = null;
        missing--;
        return true;
    }

    /**
     * A hash reject arrived: the range is asked of another peer.
     *
     * @return false when nothing was asked of this peer for that range
     */
    public boolean onReject(P peer, HashRange range, long now) {
        Part part = answered(peer, range);
        if (part == null) {
            return false;
        }
        if (part.hashes == null && peer.equals(part.asked)) {
            part.asked = null;
            part.refusedUntil.put(peer, now + timeoutMillis);
        }
        return true;
    }

    /** The part asked of {@code peer} for exactly {@code range}, now answered; null when none was. */
    private Part answered(P peer, HashRange range) {
        Set<Part> asked = outstanding.get(peer);
        if (asked == null) {
            return null;
        }
        for (Part part : asked) {
            if (part.range.equals(range)) {
                asked.remove(part);
                return part;
            }
        }
        return null;
    }

    private void ban(P peer, Part part, String reason) {
        banned.add(peer);
        bad.putIfAbsent(peer, reason);
        if (peer.equals(part.asked)) {
            part.asked = null;
        }
        peerGone(peer);
    }

    /**
     * The proved piece layers, each file's piece hashes concatenated (the padding past its last piece left out),
     * keyed by pieces root: BEP 52's {@code piece layers} dictionary.
     *
     * @throws IllegalStateException before {@link #complete()}
     */
    public Map<ByteBuffer, byte[]> layers() {
        if (!complete()) {
            throw new IllegalStateException(missing + " ranges of piece layers are still missing");
        }
        Map<ByteBuffer, byte[]> layers = new LinkedHashMap<>();
        for (int f = 0; f < needs.size(); f++) {
            PieceLayerNeed n = needs.get(f);
            byte[] layer = new byte[n.pieceCount() * MerkleTree.HASH];
            for (Part part : parts) {
                if (part.file == f) {
                    int from = part.range.index();
                    int count = Math.min(part.range.length(), n.pieceCount() - from);
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(part.hashes[i], 0, layer, (from + i) * MerkleTree.HASH, MerkleTree.HASH);
                    }
                }
            }
            layers.put(ByteBuffer.wrap(n.piecesRoot()), layer);
        }
        return layers;
    }

    private static byte[][] split(byte[] hashes, int first, int count) {
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            int at = (first + i) * MerkleTree.HASH;
            out[i] = Arrays.copyOfRange(hashes, at, at + MerkleTree.HASH);
        }
        return out;
    }
}
