package org.yamtorrent.engine.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The choking algorithm of BEP 3, as the reference client does it: every round, unchoke the interested peers that
 * gave us the most (while downloading) or took the most (while seeding), plus one optimistic unchoke that rotates
 * less often so new peers get a chance to show their rate. Pure: the caller applies the result.
 */
final class Choker {

    private final int slots;
    private final Random random;

    Choker(int slots, Random random) {
        this.slots = slots;
        this.random = random;
    }

    /**
     * @param interested peers interested in us, in any order
     * @param rate       how a peer ranks: download rate from it, or upload rate to it when seeding
     * @param optimistic the current optimistic unchoke, or null to pick a new one
     * @return the peers to unchoke; everyone else is choked
     */
    <P> Set<P> unchoke(List<P> interested, ToDoubleFunction<P> rate, P optimistic) {
        List<P> ranked = new ArrayList<>(interested);
        ranked.sort(Comparator.comparingDouble(rate).reversed());
        Set<P> chosen = new LinkedHashSet<>(ranked.subList(0, Math.min(slots, ranked.size())));
        P extra = optimistic != null && interested.contains(optimistic) ? optimistic : pickOptimistic(ranked, chosen);
        if (extra != null) {
            chosen.add(extra);
        }
        return chosen;
    }

    /** A random interested peer that is not already unchoked by rate, or null. */
    <P> P pickOptimistic(List<P> interested, Set<P> chosen) {
        List<P> rest = new ArrayList<>(interested);
        rest.removeAll(chosen);
        return rest.isEmpty() ? null : rest.get(random.nextInt(rest.size()));
    }
}
