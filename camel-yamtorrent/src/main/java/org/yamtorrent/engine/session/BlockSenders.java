package org.yamtorrent.engine.session;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.storage.PieceStore;

/**
 * Judges pieces that failed their hash with several senders (the picker knows who sent each block), so that only
 * the liars are blamed. The failed copy's block digests are kept until a good copy of the piece verifies; whoever
 * sent a block that differs from the good one lied. Without this, a peer that mixes garbage into pieces others complete
 * gets those others banned along with it.
 *
 * <p>Guarded by the owning {@link Swarm}'s lock, except {@link #digests}, which reads the disk and is called
 * outside it.
 */
final class BlockSenders {

    /** The blocks of pieces that failed with several senders: sender and digest of what each sent. */
    private final Map<Integer, Map<Block, Sent>> suspect = new HashMap<>();

    record Sent(PeerConnection sender, byte[] digest) {
    }

    /**
     * Keeps who sent each block of a failed piece, and the digest of what they sent, until a good copy verifies;
     * a later failure adds to it.
     */
    void suspect(int piece, Map<Block, PeerConnection> senders, Map<Block, byte[]> digests) {
        Map<Block, Sent> kept = suspect.computeIfAbsent(piece, k -> new HashMap<>());
        senders.forEach((b, p) -> kept.put(b, new Sent(p, digests.get(b))));
    }

    /** The suspects of a piece that now verified, forgotten here; null when it never failed with several senders. */
    Map<Block, Sent> verified(int piece) {
        return suspect.remove(piece);
    }

    /** The SHA-1 of each block as {@code store} holds it now, verified or not. */
    static Map<Block, byte[]> digests(PieceStore store, Set<Block> blocks) {
        Map<Block, byte[]> out = new HashMap<>();
        MessageDigest sha1 = Sha1.newDigest();
        for (Block b : blocks) {
            ByteBuffer data = ByteBuffer.allocate(b.length());
            store.readUnverified(b.piece(), b.offset(), data);
            data.flip();
            sha1.update(data);
            out.put(b, sha1.digest());
        }
        return out;
    }

    /** The senders whose block differs from the good copy's digest. */
    static Set<PeerConnection> liars(Map<Block, Sent> suspects, Map<Block, byte[]> good) {
        Set<PeerConnection> liars = new HashSet<>();
        suspects.forEach((b, sent) -> {
            if (!Arrays.equals(sent.digest(), good.get(b))) {
                liars.add(sent.sender());
            }
        });
        return liars;
    }
}
