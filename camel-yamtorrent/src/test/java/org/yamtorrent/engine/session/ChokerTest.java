package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChokerTest {

    private final Map<String, Double> rates = Map.of("a", 10.0, "b", 50.0, "c", 30.0, "d", 5.0, "e", 1.0, "f", 0.0);

    @Test
    void unchokesTheFastestPlusOneOptimistic() {
        Choker choker = new Choker(2, new Random(1));
        Set<String> chosen = choker.unchoke(List.of("a", "b", "c", "d", "e", "f"), rates::get, null);
        assertEquals(3, chosen.size());
        assertTrue(chosen.containsAll(Set.of("b", "c")));
    }

    @Test
    void keepsTheCurrentOptimisticWhileItIsInterested() {
        Choker choker = new Choker(2, new Random(1));
        assertEquals(Set.of("b", "c", "f"), choker.unchoke(List.of("a", "b", "c", "f"), rates::get, "f"));
        Set<String> without = choker.unchoke(List.of("a", "b", "c"), rates::get, "f");
        assertEquals(Set.of("a", "b", "c"), without, "an uninterested optimistic peer is replaced");
    }

    @Test
    void fewerPeersThanSlotsAreAllUnchoked() {
        Choker choker = new Choker(4, new Random(1));
        assertEquals(Set.of("a", "e"), choker.unchoke(List.of("a", "e"), rates::get, null));
        assertEquals(Set.of(), choker.unchoke(List.<String>of(), rates::get, null));
    }
}
