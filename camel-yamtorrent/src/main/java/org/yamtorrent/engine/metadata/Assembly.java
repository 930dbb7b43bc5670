package org.yamtorrent.engine.metadata;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Sha1;

/**
 * One attempt at putting metadata of a given size together: the buffer, and for each piece who was asked for it,
 * when, who sent it, and who refused it lately. Owned by its {@link MetadataFetcher}.
 *
 * @param <P> the caller's name for a peer
 */
final class Assembly<P> {

    final int size;
    /** When not null, the only peer asked: an attempt that tells whether this one peer lies. */
    P alone;
    private final byte[] buffer;
    private final Object[] requester;
    private final long[] requestedAt;
    private final Object[] sender;
    private final Map<Integer, Map<P, Refusal>> refusals = new HashMap<>();
    private int received;

    /** @param size already checked against the cap: this allocation is the only one sized by a peer */
    Assembly(int size, P alone) {
        this.size = size;
        this.alone = alone;
        int pieces = (size + MetadataMessage.PIECE_SIZE - 1) / MetadataMessage.PIECE_SIZE;
        this.buffer = new byte[size];
        this.requester = new Object[pieces];
        this.requestedAt = new long[pieces];
        this.sender = new Object[pieces];
    }

    int pieceCount() {
        return sender.length;
    }

    int pieceLength(int piece) {
        return piece < pieceCount() - 1 ? MetadataMessage.PIECE_SIZE : size - piece * MetadataMessage.PIECE_SIZE;
    }

    /** Neither received nor asked for. */
    boolean wanted(int piece) {
        return sender[piece] == null && requester[piece] == null;
    }

    void requested(int piece, P peer, long now) {
        requester[piece] = peer;
        requestedAt[piece] = now;
    }

    @SuppressWarnings("unchecked")
    P requester(int piece) {
        return (P) requester[piece];
    }

    boolean overdue(int piece, long now, long timeoutMillis) {
        return requester[piece] != null && sender[piece] == null && now - requestedAt[piece] >= timeoutMillis;
    }

    /** Asks someone else for {@code piece}; {@code peer} is not asked for it again before {@code until}. */
    void refused(int piece, P peer, long until) {
        requester[piece] = null;
        refusals.computeIfAbsent(piece, k -> new HashMap<>())
                .merge(peer, new Refusal(until, 1), (old, next) -> new Refusal(until, old.times + 1));
    }

    boolean refuses(int piece, P peer, long now) {
        Refusal r = refusal(piece, peer);
        return r != null && now < r.until;
    }

    /** How often {@code peer} refused {@code piece}: peers that refused less are asked first. */
    int refusals(int piece, P peer) {
        Refusal r = refusal(piece, peer);
        return r == null ? 0 : r.times;
    }

    private Refusal refusal(int piece, P peer) {
        Map<P, Refusal> m = refusals.get(piece);
        return m == null ? null : m.get(peer);
    }

    private record Refusal(long until, int times) {
    }

    int outstanding(P peer) {
        int n = 0;
        for (int i = 0; i < requester.length; i++) {
            n += sender[i] == null && peer.equals(requester[i]) ? 1 : 0;
        }
        return n;
    }

    /** Forgets what {@code peer} was asked; what it already sent stays. */
    void release(P peer) {
        for (int i = 0; i < requester.length; i++) {
            if (sender[i] == null && peer.equals(requester[i])) {
                requester[i] = null;
            }
        }
        refusals.values().forEach(m -> m.remove(peer));
        if (peer.equals(alone)) {
            alone = null;
        }
    }

    /** Stores a piece of the right length; false when it was already here. */
    boolean store(int piece, P peer, byte[] bytes) {
        if (sender[piece] != null) {
            return false;
        }
        System.arraycopy(bytes, 0, buffer, piece * MetadataMessage.PIECE_SIZE, bytes.length);
        sender[piece] = peer;
        received++;
        return true;
    }

    boolean complete() {
        return received == pieceCount();
    }

    boolean matches(InfoHash infoHash) {
        return infoHash.matches(buffer);
    }

    byte[] bytes() {
        return buffer;
    }

    @SuppressWarnings("unchecked")
    P sender(int piece) {
        return (P) sender[piece];
    }

    Set<P> senders() {
        Set<P> all = new LinkedHashSet<>();
        for (int i = 0; i < sender.length; i++) {
            all.add(sender(i));
        }
        return all;
    }

    /** What this failed attempt got, kept small: a SHA-1 per piece and who sent it. */
    Evidence<P> evidence() {
        byte[][] digests = new byte[pieceCount()][];
        Object[] senders = sender.clone();
        for (int i = 0; i < digests.length; i++) {
            digests[i] = digest(i);
        }
        return new Evidence<>(digests, senders);
    }

    byte[] digest(int piece) {
        MessageDigest sha1 = Sha1.newDigest();
        sha1.update(buffer, piece * MetadataMessage.PIECE_SIZE, pieceLength(piece));
        return sha1.digest();
    }

    /** A failed attempt's pieces: once the metadata verifies, a piece that differs names a peer that lied. */
    record Evidence<P>(byte[][] digests, Object[] senders) {
        @SuppressWarnings("unchecked")
        P sender(int piece) {
            return (P) senders[piece];
        }

        boolean sent(int piece, P peer) {
            return Objects.equals(senders[piece], peer);
        }

        boolean differs(int piece, byte[] digest) {
            return !Arrays.equals(digests[piece], digest);
        }
    }
}
