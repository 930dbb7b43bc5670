package org.yamtorrent.engine.session;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.picker.PiecePicker;
import org.yamtorrent.engine.storage.PieceStore;
import org.yamtorrent.engine.webseed.WebSeed;

/**
 * Smart ban: judges the senders of pieces that failed their hash (the picker knows who sent each block), so that
 * only the liars are blamed. A piece that one peer sent alone gives it strikes in the {@link BanList}. When
 * several sent it, the failed copy's block digests are kept until a good copy of the piece verifies; whoever sent a
 * block that differs from the good one lied and is banned. Without this, a peer that mixes garbage into pieces
 * others complete gets those others banned along with it.
 *
 * <p>A sender is a {@link PeerConnection} or a {@link WebSeed}; a web seed's strikes and ban go by its URL, and a
 * banned one is dropped from the run.
 *
 * <p>Called on a disk thread; state is guarded by the swarm's lock, and the blocks are read back outside it.
 */
final class BlockSenders {

    private static final Logger LOG = LoggerFactory.getLogger(BlockSenders.class);

    private final Swarm swarm;
    private final String name;
    private final BanList bans;
    /** The blocks of pieces that failed with several senders: sender and digest of what each sent. */
    private final Map<Integer, Map<Block, Sent>> suspect = new HashMap<>();

    record Sent(Object sender, byte[] digest) {
    }

    BlockSenders(Swarm swarm, String name, BanList bans) {
        this.swarm = swarm;
        this.name = name;
        this.bans = bans;
    }

    /** A piece failed its hash: it goes back to the picker, and its senders are blamed or kept as suspects. */
    void failed(int piece, PiecePicker picker, PieceStore store) {
        Map<Block, Object> sent;
        Set<Object> from;
        synchronized (swarm) {
            sent = new HashMap<>(picker.senders(piece));
            from = new HashSet<>(sent.values());
        }
        // The disk is read outside the lock; nothing writes this piece until pieceFailed below releases it.
        Map<Block, byte[]> digests = from.size() > 1 ? digestsOrNull(store, sent.keySet()) : null;
        synchronized (swarm) {
            picker.pieceFailed(piece);
            if (digests != null) {
                Map<Block, Sent> kept = suspect.computeIfAbsent(piece, k -> new HashMap<>());
                sent.forEach((b, p) -> kept.put(b, new Sent(p, digests.get(b))));
            } else if (from.size() == 1) {
                strike(from.iterator().next());
            }
        }
    }

    /** Under the swarm's lock: the only sender of a piece that failed gets strikes, and is banned at the limit. */
    private void strike(Object sender) {
        if (sender instanceof PeerConnection p && bans.strike(p.address, BanList.HASH_FAILURE_STRIKES)) {
            ban(p, "sent data for pieces that failed their hash (" + bans.strikes(p.address) + " strikes)");
        } else if (sender instanceof WebSeed s && bans.strike(s.url(), BanList.HASH_FAILURE_STRIKES)) {
            ban(s, "served data for pieces that failed their hash (" + bans.strikes(s.url()) + " strikes)");
        }
    }

    private void ban(Object sender, String why) {
        if (sender instanceof PeerConnection p) {
            swarm.ban(p, why);
        } else if (sender instanceof WebSeed s && !s.isDropped()) {
            bans.ban(s.url());
            s.drop(why);
            LOG.info("{}: dropping {}: {}", name, s, why);
        }
    }

    /** The suspects of a piece that now verified, forgotten here; null when it never failed with several senders. */
    Map<Block, Sent> verified(int piece) {
        return suspect.remove(piece);
    }

    /** Outside the lock: bans whoever sent a block of {@code piece} that differs from the verified copy. */
    void judge(int piece, Map<Block, Sent> suspects, PieceStore store) {
        if (suspects == null) {
            return;
        }
        Map<Block, byte[]> good = digestsOrNull(store, suspects.keySet());
        if (good != null) {
            synchronized (swarm) {
                for (Object liar : liars(suspects, good)) {
                    ban(liar, "sent a block of piece " + piece + " that differs from the verified one");
                }
            }
        }
    }

    private Map<Block, byte[]> digestsOrNull(PieceStore store, Set<Block> blocks) {
        try {
            return digests(store, blocks);
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot read blocks back to judge their senders: {}", name, e.getMessage());
            return null;
        }
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
    static Set<Object> liars(Map<Block, Sent> suspects, Map<Block, byte[]> good) {
        Set<Object> liars = new HashSet<>();
        suspects.forEach((b, sent) -> {
            if (!Arrays.equals(sent.digest(), good.get(b))) {
                liars.add(sent.sender());
            }
        });
        return liars;
    }
}
