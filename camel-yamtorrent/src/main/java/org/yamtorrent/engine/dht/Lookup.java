package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One iterative lookup (BEP 5): find_node or get_peers towards a target, at most {@code alpha} queries in flight,
 * asking the closest nodes not yet asked until the {@code k} closest that answered have all been asked. Seeds
 * whose ids we do not know yet (bootstrap nodes) are asked first. Hostile replies cannot grow it: each reply
 * adds at most {@link KrpcCodec#MAX_NODES} nodes, candidates are capped at {@link #MAX_CANDIDATES} (the farthest
 * go), peers at {@link #MAX_PEERS}, and no address is asked twice. Runs on the DHT's event loop.
 */
final class Lookup {

    static final int MAX_CANDIDATES = 128;
    static final int MAX_PEERS = 2000;

    /** How a lookup sends a query; the node adds what every answer teaches its routing table. */
    interface Sender {
        void send(InetSocketAddress to, KrpcMessage.Query query, KrpcSocket.Callback callback);
    }

    /**
     * What a lookup found: the peers (get_peers only), the {@code k} closest nodes that answered with the token
     * each gave (for announce_peer), how many nodes were asked, and how long it took.
     */
    record Result(Set<InetSocketAddress> peers, List<Reached> closest, int asked, Duration took) {
    }

    /** A node that answered, and its write token (null for find_node). */
    record Reached(Contact contact, byte[] token) {
    }

    private enum State { NEW, ASKED, ANSWERED, FAILED }

    private static final class Candidate {
        final Contact contact;
        State state = State.NEW;
        byte[] token;

        Candidate(Contact contact) {
            this.contact = contact;
        }
    }

    private final NodeId self;
    private final NodeId target;
    private final KrpcMessage.Method method;
    private final boolean ipv6;
    private final boolean readOnly;
    private final int alpha;
    private final int k;
    private final Sender sender;
    private final Consumer<InetSocketAddress> onPeer;
    private final long started = System.nanoTime();
    private final List<Candidate> candidates = new ArrayList<>(); // closest first
    private final List<InetSocketAddress> seeds = new ArrayList<>();
    private final Set<InetSocketAddress> asked = new HashSet<>();
    private final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private int inFlight;

    Lookup(NodeId self, NodeId target, KrpcMessage.Method method, boolean ipv6, boolean readOnly, int alpha, int k,
           Sender sender, Consumer<InetSocketAddress> onPeer) {
        this.self = self;
        this.target = target;
        this.method = method;
        this.ipv6 = ipv6;
        this.readOnly = readOnly;
        this.alpha = alpha;
        this.k = k;
        this.sender = sender;
        this.onPeer = onPeer;
    }

    /** Starts from {@code known} (from the routing table) and {@code seedAddresses} (ids unknown). */
    CompletableFuture<Result> start(Collection<Contact> known, Collection<InetSocketAddress> seedAddresses) {
        known.forEach(this::offer);
        for (InetSocketAddress s : seedAddresses) {
            if (seeds.size() < MAX_CANDIDATES && !seeds.contains(s)) {
                seeds.add(s);
            }
        }
        step();
        return result;
    }

    private void offer(Contact c) {
        if (c.id().equals(self) || Compact.isIpv6(c.address()) != ipv6 || asked.contains(c.address())) {
            return;
        }
        int at = 0;
        while (at < candidates.size()) {
            Candidate other = candidates.get(at);
            if (other.contact.id().equals(c.id()) || other.contact.address().equals(c.address())) {
                return;
            }
            if (target.compareDistance(c.id(), other.contact.id()) < 0) {
                break;
            }
            at++;
        }
        if (at >= MAX_CANDIDATES) {
            return;
        }
        candidates.add(at, new Candidate(c));
        if (candidates.size() > MAX_CANDIDATES) {
            for (int i = candidates.size() - 1; i >= 0; i--) {
                if (candidates.get(i).state != State.ASKED) {
                    candidates.remove(i);
                    break;
                }
            }
        }
    }

    private void step() {
        while (inFlight < alpha && !seeds.isEmpty()) {
            InetSocketAddress s = seeds.remove(0);
            if (asked.add(s)) {
                ask(s, null);
            }
        }
        int live = 0;
        for (int i = 0; i < candidates.size() && live < k && inFlight < alpha; i++) {
            Candidate c = candidates.get(i);
            if (c.state == State.FAILED) {
                continue;
            }
            live++;
            if (c.state == State.NEW) {
                if (asked.add(c.contact.address())) {
                    c.state = State.ASKED;
                    ask(c.contact.address(), c);
                } else {
                    c.state = State.FAILED; // a second id at an address already asked
                    live--;
                }
            }
        }
        if (inFlight == 0 && seeds.isEmpty() && !result.isDone()) {
            finish();
        }
    }

    private void ask(InetSocketAddress to, Candidate candidate) {
        inFlight++;
        KrpcMessage.Query q = new KrpcMessage.Query(new byte[0], method, self, target, 0, false, null, false, false,
                readOnly);
        sender.send(to, q, new KrpcSocket.Callback() {
            @Override
            public void replied(KrpcMessage.Response r, InetSocketAddress from) {
                inFlight--;
                answered(candidate, r, from);
                step();
            }

            @Override
            public void failed() {
                inFlight--;
                if (candidate != null) {
                    candidate.state = State.FAILED;
                }
                step();
            }
        });
    }

    private void answered(Candidate candidate, KrpcMessage.Response r, InetSocketAddress from) {
        Candidate c = candidate;
        if (c == null || !c.contact.id().equals(r.id())) {
            if (c != null) {
                c.state = State.FAILED; // it answered under another id than the one we were told
            }
            asked.remove(from);
            offer(new Contact(r.id(), from));
            c = find(r.id());
            asked.add(from);
            if (c == null) {
                return;
            }
        }
        c.state = State.ANSWERED;
        c.token = r.token();
        (ipv6 ? r.nodes6() : r.nodes()).forEach(this::offer);
        for (InetSocketAddress p : r.values()) {
            if (peers.size() < MAX_PEERS && peers.add(p)) {
                onPeer.accept(p);
            }
        }
    }

    private Candidate find(NodeId id) {
        for (Candidate c : candidates) {
            if (c.contact.id().equals(id)) {
                return c;
            }
        }
        return null;
    }

    private void finish() {
        List<Reached> closest = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.state == State.ANSWERED && closest.size() < k) {
                closest.add(new Reached(c.contact, c.token));
            }
        }
        result.complete(new Result(Set.copyOf(peers), closest, asked.size(),
                Duration.ofNanos(System.nanoTime() - started)));
    }
}
