package org.yamtorrent.engine.metadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Fetches a torrent's info dictionary from peers (BEP 9): asks several peers for 16 KiB pieces, checks each answer
 * (solicited, the announced size, the right length), assembles them and checks the SHA-1 against the info-hash.
 *
 * <p>Peers lie. The {@code metadata_size} a peer announces is capped before anything is allocated; the size most
 * peers announce is fetched first. A piece that is refused or not answered in time is asked of another peer. When
 * the result does not match the info-hash and one peer sent it all, that peer is bad; when several did, the next
 * attempt asks one peer alone, and once the metadata verifies, every earlier piece that differs from it names its
 * sender. Bad peers come out of {@link #takeBadPeers()} with the reason, to be dropped and banned.
 *
 * <p>Not thread-safe: one thread (the torrent's) calls every method; nothing here blocks.
 *
 * @param <P> the caller's name for a peer (its connection, say), compared with {@code equals}
 */
public final class MetadataFetcher<P> {

    /** Requests outstanding at one peer at a time. */
    static final int MAX_OUTSTANDING = 4;
    /** Failed attempts remembered to find who lied; each costs 20 bytes a piece. */
    static final int MAX_EVIDENCE = 8;

    /** Send {@code MetadataMessage.Request(piece)} to {@code peer}. */
    public record PieceRequest<P>(P peer, int piece) {
    }

    private final InfoHash infoHash;
    private final int maxBytes;
    private final long timeoutMillis;
    /** The metadata_size each usable peer announced. */
    private final Map<P, Integer> sizes = new LinkedHashMap<>();
    /** Pieces asked of each peer and not answered yet, including those asked again elsewhere after a timeout. */
    private final Map<P, Set<Integer>> asked = new HashMap<>();
    private final Set<P> banned = new HashSet<>();
    private final Map<P, String> bad = new LinkedHashMap<>();
    private final Deque<Assembly.Evidence<P>> evidence = new ArrayDeque<>();
    private final Set<P> triedAlone = new HashSet<>();
    private Assembly<P> attempt;
    private byte[] metadata;

    /**
     * @param maxBytes      the largest metadata accepted: the same cap as a .torrent file
     * @param timeoutMillis how long a peer has to answer a request before another peer is asked
     */
    public MetadataFetcher(InfoHash infoHash, int maxBytes, long timeoutMillis) {
        this.infoHash = infoHash;
        this.maxBytes = maxBytes;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A peer announced {@code metadata_size} in its extension handshake (and supports ut_metadata).
     *
     * @throws MetadataException when the size is not positive or above the cap: drop the peer
     */
    public void peerHas(P peer, long metadataSize) {
        if (metadataSize <= 0 || metadataSize > maxBytes) {
            throw new MetadataException("peer announced metadata_size " + metadataSize + ", outside 1.." + maxBytes);
        }
        if (!banned.contains(peer) && metadata == null) {
            sizes.put(peer, (int) metadataSize);
        }
    }

    /** The peer is gone: what it was asked is asked of others. */
    public void peerGone(P peer) {
        sizes.remove(peer);
        asked.remove(peer);
        if (attempt != null) {
            attempt.release(peer);
        }
    }

    /** The verified info dictionary, or null while it is not known. */
    public byte[] metadata() {
        return metadata == null ? null : metadata.clone();
    }

    /** Peers found lying since the last call, each with the reason; drop and ban them. */
    public Map<P, String> takeBadPeers() {
        Map<P, String> out = new LinkedHashMap<>(bad);
        bad.clear();
        return out;
    }

    /** What to send now: new requests, and requests that timed out asked again of other peers. */
    public List<PieceRequest<P>> requests(long now) {
        if (metadata != null || !chooseAttempt()) {
            return List.of();
        }
        List<PieceRequest<P>> out = new ArrayList<>();
        for (int piece = 0; piece < attempt.pieceCount(); piece++) {
            if (attempt.overdue(piece, now, timeoutMillis)) {
                refusedBy(piece, attempt.requester(piece), now);
            }
            if (attempt.wanted(piece)) {
                P peer = pick(piece, now);
                if (peer != null) {
                    attempt.requested(piece, peer, now);
                    asked.computeIfAbsent(peer, k -> new HashSet<>()).add(piece);
                    out.add(new PieceRequest<>(peer, piece));
                }
            }
        }
        return out;
    }

    /** The peer will not send {@code piece}: another is asked. */
    public void onReject(P peer, int piece, long now) {
        Set<Integer> pending = asked.get(peer);
        if (pending == null || !pending.remove(piece) || attempt == null || piece >= attempt.pieceCount()) {
            return; // a reject for something not asked costs nothing
        }
        if (peer.equals(attempt.requester(piece))) {
            refusedBy(piece, peer, now);
        }
    }

    /**
     * A data message arrived.
     *
     * @return true once the metadata is complete and verified
     * @throws MetadataException when the piece was not asked of this peer, or has the wrong size: drop the peer
     */
    public boolean onData(P peer, MetadataMessage.Data data) {
        Set<Integer> pending = asked.get(peer);
        if (pending == null || !pending.remove(data.piece())) {
            throw violation(peer, "sent ut_metadata piece " + data.piece() + ", which was not asked of it");
        }
        if (metadata != null || attempt == null) {
            return metadata != null; // a late answer, after the metadata was found
        }
        if (data.totalSize() != attempt.size) {
            throw violation(peer, "sent total_size " + data.totalSize() + " but metadata_size " + attempt.size
                    + " was asked for");
        }
        if (data.bytes().length != attempt.pieceLength(data.piece())) {
            throw violation(peer, "sent ut_metadata piece " + data.piece() + " of " + data.bytes().length
                    + " bytes; it has " + attempt.pieceLength(data.piece()));
        }
        if (attempt.store(data.piece(), peer, data.bytes()) && attempt.complete()) {
            verify();
        }
        return metadata != null;
    }

    private MetadataException violation(P peer, String problem) {
        ban(peer, problem);
        return new MetadataException("peer " + problem);
    }

    private void ban(P peer, String reason) {
        banned.add(peer);
        bad.putIfAbsent(peer, reason);
        peerGone(peer);
    }

    private void refusedBy(int piece, P peer, long now) {
        attempt.refused(piece, peer, now + timeoutMillis);
        if (peer.equals(attempt.alone)) {
            triedAlone.add(peer); // it cannot serve the whole metadata on its own
            attempt.alone = nextAlone(attempt.size);
        }
    }

    /** Makes sure an attempt of the best size exists; false when no peer can serve one. */
    private boolean chooseAttempt() {
        if (attempt != null && sizes.containsValue(attempt.size)) {
            return true;
        }
        Integer size = mostAnnouncedSize();
        if (size == null) {
            return false;
        }
        if (attempt == null || attempt.size != size) {
            evidence.clear();
            triedAlone.clear();
            attempt = new Assembly<>(size, null);
        }
        return true;
    }

    private Integer mostAnnouncedSize() {
        Map<Integer, Integer> votes = new LinkedHashMap<>();
        sizes.values().forEach(s -> votes.merge(s, 1, Integer::sum));
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /**
     * A peer for {@code piece}: one that did not send it in a failed attempt if possible, then one that refused it
     * least often, then the least busy.
     */
    private P pick(int piece, long now) {
        Comparator<P> order = Comparator.<P>comparingInt(p -> sentBefore(piece, p))
                .thenComparingInt(p -> attempt.refusals(piece, p))
                .thenComparingInt(attempt::outstanding);
        return sizes.entrySet().stream()
                .filter(e -> e.getValue() == attempt.size)
                .map(Map.Entry::getKey)
                .filter(p -> attempt.alone == null || attempt.alone.equals(p))
                .filter(p -> !attempt.refuses(piece, p, now) && attempt.outstanding(p) < MAX_OUTSTANDING)
                .min(order).orElse(null);
    }

    private int sentBefore(int piece, P peer) {
        int n = 0;
        for (Assembly.Evidence<P> e : evidence) {
            n += e.sent(piece, peer) ? 1 : 0;
        }
        return n;
    }

    private void verify() {
        Assembly<P> done = attempt;
        if (done.matches(infoHash)) {
            metadata = done.bytes();
            blameEarlierAttempts(done);
            sizes.forEach((p, s) -> {
                if (s != done.size) {
                    bad.put(p, "announced metadata_size " + s + "; the metadata has " + done.size + " bytes");
                }
            });
            sizes.clear();
            asked.clear();
            attempt = null;
            evidence.clear();
            return;
        }
        Set<P> senders = done.senders();
        if (senders.size() == 1) {
            P liar = senders.iterator().next();
            ban(liar, "sent metadata that does not match info-hash " + infoHash);
        } else {
            if (evidence.size() == MAX_EVIDENCE) {
                evidence.removeFirst();
            }
            evidence.addLast(done.evidence());
        }
        attempt = new Assembly<>(done.size, null);
        attempt.alone = nextAlone(done.size);
    }

    /** A peer of that size not yet asked alone: its own attempt tells whether it lies. */
    private P nextAlone(int size) {
        if (evidence.isEmpty()) {
            return null;
        }
        return sizes.entrySet().stream().filter(e -> e.getValue() == size && !triedAlone.contains(e.getKey()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private void blameEarlierAttempts(Assembly<P> verified) {
        for (int piece = 0; piece < verified.pieceCount(); piece++) {
            byte[] good = verified.digest(piece);
            for (Assembly.Evidence<P> e : evidence) {
                P sender = e.sender(piece);
                if (e.differs(piece, good) && !banned.contains(sender)) {
                    banned.add(sender);
                    bad.put(sender, "sent ut_metadata piece " + piece + " that does not match info-hash " + infoHash);
                }
            }
        }
    }
}
