package org.yamtorrent.engine.dht;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * One mainline DHT node (BEP 5, with BEP 32 on an IPv6 socket and BEP 43 read-only mode) on one UDP socket: it
 * answers queries, keeps its routing table, and finds and announces peers for info-hashes.
 *
 * <p>Threads: the socket's event loop owns every piece of state (table, tokens, stored peers, lookups); public
 * methods hand their work to it. Futures complete on the common pool, never on the event loop; the {@code onPeer}
 * callbacks of lookups run on the event loop and must only hand the peer on. Host names of bootstrap nodes are
 * resolved on a thread of their own, and the table is written to disk off the event loop.
 */
public final class DhtNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DhtNode.class);
    /** BEP 5's bucket size, and how many closest nodes a lookup ends with. */
    public static final int K = 8;
    static final long REFRESH_NANOS = Bucket.GOOD_FOR.toNanos();
    /** Queriers waiting to answer our ping before we answer them in full. */
    static final int MAX_AWAITING_PROOF = 256;
    private static final int PINGS_PER_TICK = 8;

    private final DhtConfig config;
    private final EventLoopGroup ownGroup;
    private final Channel channel;
    private final EventLoop loop;
    private final boolean ipv6;
    private final Random random = new SecureRandom();
    private final Stats stats = new Stats();
    private final KrpcSocket socket;
    private final RoutingTable table;
    private final TokenStore tokens;
    private final PeerStore peers;
    private final AddressGuard guard;
    private final Responder responder;
    private final List<Contact> saved;
    private final ProofWait proofs;
    private final CompletableFuture<Void> bootstrapped = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean bootstrapping;

    private DhtNode(DhtConfig config, EventLoopGroup group, boolean ownsGroup) throws IOException {
        this.config = config;
        this.ownGroup = ownsGroup ? group : null;
        InetAddress bindAddress = config.bind().getAddress();
        this.ipv6 = bindAddress instanceof Inet6Address;
        DhtState state = config.stateFile() == null ? null : DhtState.load(config.stateFile());
        NodeId id = state == null ? NodeId.random(random) : state.id();
        this.saved = state == null ? List.of() : state.nodes();
        long now = System.nanoTime();
        this.table = new RoutingTable(id, K, now);
        this.tokens = new TokenStore(now);
        this.peers = new PeerStore(config.maxInfoHashes(), config.maxPeersPerHash());
        this.guard = new AddressGuard(config.queriesPerSecond(), (int) Math.ceil(2 * config.queriesPerSecond()));
        this.responder = new Responder(table, tokens, peers, K, ipv6);
        this.socket = new KrpcSocket(config.queryTimeout(), stats);
        this.proofs = new ProofWait(MAX_AWAITING_PROOF);
        InternetProtocolFamily family = ipv6 ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
        try {
            this.channel = new Bootstrap().group(group)
                    .channelFactory(() -> new NioDatagramChannel(family))
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(KrpcCodec.MAX_DATAGRAM))
                    .handler(socket)
                    .bind(config.bind()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new IOException("dht: cannot bind " + config.bind() + ": " + e.getMessage(), e);
        }
        this.loop = channel.eventLoop();
        socket.attach(channel, this::onQuery);
    }

    /** Binds a node with an event loop thread of its own and starts bootstrapping it. */
    public static DhtNode start(DhtConfig config) throws IOException {
        return start(config, new NioEventLoopGroup(1, new DefaultThreadFactory("yamtorrent-dht", true)), true);
    }

    /** Binds a node on one of {@code group}'s event loops (the group outlives the node). */
    static DhtNode start(DhtConfig config, EventLoopGroup group, boolean ownsGroup) throws IOException {
        DhtNode node = new DhtNode(config, group, ownsGroup);
        node.bootstrap();
        long tick = config.maintenance().toNanos();
        node.loop.scheduleWithFixedDelay(node::maintain, tick, tick, TimeUnit.NANOSECONDS);
        return node;
    }

    public NodeId id() {
        return table.self();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Nodes in the routing table now. */
    public int nodeCount() {
        return stats.nodes;
    }

    public Stats stats() {
        return stats;
    }

    /** Completes once the first lookup of our own id has ended (with or without finding anyone). */
    public CompletableFuture<Void> bootstrapped() {
        return bootstrapped.thenApplyAsync(v -> v);
    }

    /** Finds peers for {@code infoHash}; {@code onPeer} sees each new one as it arrives (on the event loop). */
    public CompletableFuture<PeerSearch> getPeers(InfoHash infoHash, Consumer<InetSocketAddress> onPeer) {
        return search(infoHash, 0, onPeer);
    }

    /** Finds peers as {@link #getPeers} does, then announces that we take peers on TCP {@code port}. */
    public CompletableFuture<PeerSearch> announce(InfoHash infoHash, int port, Consumer<InetSocketAddress> onPeer) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("dht announce: port " + port + " out of range");
        }
        return search(infoHash, port, onPeer);
    }

    /** A node a peer named in its PORT message (BEP 5): pinged, and kept if it answers. */
    public void addNode(InetSocketAddress address) {
        if (address.isUnresolved() || (address.getAddress() instanceof Inet6Address) != ipv6) {
            return;
        }
        onLoop(() -> ping(address));
    }

    private CompletableFuture<PeerSearch> search(InfoHash infoHash, int port, Consumer<InetSocketAddress> onPeer) {
        CompletableFuture<PeerSearch> out = new CompletableFuture<>();
        if (closed) {
            out.completeExceptionally(new IllegalStateException("dht node is closed"));
            return out;
        }
        NodeId target = NodeId.of(infoHash.bytes());
        bootstrapped.whenCompleteAsync((v, e) -> {
            // peers announced to us count too: we may be the closest node, or the only one a peer knows
            Set<InetSocketAddress> stored = new HashSet<>(peers.peers(target, ipv6, Lookup.MAX_PEERS, System.nanoTime()));
            stored.forEach(onPeer);
            lookup(target, KrpcMessage.Method.GET_PEERS, List.of(), p -> {
                if (!stored.contains(p)) {
                    onPeer.accept(p);
                }
            }).thenAccept(r -> announce(target, port, r).thenAccept(n -> {
                stored.addAll(r.peers());
                PeerSearch found = new PeerSearch(Set.copyOf(stored), r.asked(), n, r.took());
                ForkJoinPool.commonPool().execute(() -> out.complete(found));
            }));
        }, loop);
        return out;
    }

    private CompletableFuture<Integer> announce(NodeId target, int port, Lookup.Result r) {
        List<CompletableFuture<Boolean>> acks = new ArrayList<>();
        if (port != 0 && !closed) {
            for (Lookup.Reached reached : r.closest()) {
                if (reached.token() != null) {
                    CompletableFuture<Boolean> ack = new CompletableFuture<>();
                    acks.add(ack);
                    KrpcMessage.Query q = new KrpcMessage.Query(new byte[0], KrpcMessage.Method.ANNOUNCE_PEER, id(),
                            target, port, false, reached.token(), false, false, config.readOnly());
                    query(reached.contact().address(), q, callback(r2 -> ack.complete(true), () -> ack.complete(false)));
                }
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .thenApply(v -> (int) acks.stream().filter(CompletableFuture::join).count());
    }

    private CompletableFuture<Lookup.Result> lookup(NodeId target, KrpcMessage.Method method,
                                                    List<InetSocketAddress> seeds, Consumer<InetSocketAddress> onPeer) {
        Lookup l = new Lookup(id(), target, method, ipv6, config.readOnly(), config.alpha(), K, this::query, onPeer);
        return l.start(table.closest(target, K * 2), seeds);
    }

    /** Starts from the saved nodes and the configured ones (their names resolved off the event loop). */
    private void bootstrap() {
        bootstrapping = true;
        boolean firstTry = !bootstrapped.isDone();
        Thread resolver = new Thread(() -> {
            List<InetSocketAddress> seeds = BootstrapNodes.resolve(saved, config.bootstrap(), ipv6, firstTry);
            onLoop(() -> lookup(id(), KrpcMessage.Method.FIND_NODE, seeds, p -> { })
                    .whenComplete((r, e) -> {
                        bootstrapping = false;
                        if (firstTry && table.size() > 0) {
                            LOG.info("dht: {} nodes known on {}", table.size(), localAddress());
                        } else {
                            LOG.debug("dht: {} nodes known on {}", table.size(), localAddress());
                        }
                        bootstrapped.complete(null);
                    }));
        }, "yamtorrent-dht-bootstrap");
        resolver.setDaemon(true);
        resolver.start();
    }

    private void maintain() {
        long now = System.nanoTime();
        if (table.size() == 0 && !bootstrapping) {
            bootstrap(); // everyone we knew has gone: start again from the configured nodes
        }
        for (NodeId target : table.refreshTargets(now, REFRESH_NANOS, random)) {
            lookup(target, KrpcMessage.Method.FIND_NODE, List.of(), p -> { });
        }
        List<Contact> questionable = table.questionable(now);
        for (int i = 0; i < Math.min(PINGS_PER_TICK, questionable.size()); i++) {
            ping(questionable.get(i).address());
        }
        peers.expire(now);
        saveLater();
    }

    private void ping(InetSocketAddress to) {
        query(to, KrpcMessage.Query.of(new byte[0], KrpcMessage.Method.PING, id(), null, config.readOnly()),
                callback(r -> { }, () -> { }));
    }

    /** Every query of ours goes here: whoever answers joins the table, whoever does not counts a failure. */
    private void query(InetSocketAddress to, KrpcMessage.Query q, KrpcSocket.Callback callback) {
        socket.query(to, q, new KrpcSocket.Callback() {
            @Override
            public void replied(KrpcMessage.Response r, InetSocketAddress from) {
                heardFrom(new Contact(r.id(), from));
                callback.replied(r, from);
            }

            @Override
            public void failed() {
                table.failed(to, System.nanoTime());
                stats.nodes = table.size();
                callback.failed();
            }
        });
    }

    private void heardFrom(Contact c) {
        guard.verified(c.address());
        Bucket.Entry stale = table.replied(c, System.nanoTime());
        stats.nodes = table.size();
        if (stale != null) {
            ping(stale.contact.address()); // if it fails twice it makes room for c, which waits as a replacement
        }
    }

    private void onQuery(KrpcMessage.Query q, InetSocketAddress from, int size) {
        long now = System.nanoTime();
        if (config.readOnly() || closed) {
            return; // BEP 43: a read-only node does not answer
        }
        if (!guard.allowQuery(from.getAddress(), now)) {
            stats.rateLimited++;
            return;
        }
        if (q.id().equals(id())) {
            return; // our own id: a reflection or a forgery
        }
        Contact asker = new Contact(q.id(), from);
        if (!q.readOnly()) {
            table.queried(asker, now); // BEP 43: a read-only asker never joins the table
        }
        KrpcMessage answer = responder.answer(q, from, now);
        if (q.method() == KrpcMessage.Method.ANNOUNCE_PEER && answer instanceof KrpcMessage.Response) {
            guard.verified(from); // it brought back the token we sent it
        }
        boolean proven = guard.isVerified(from) || table.find(asker) != null;
        stats.queriesAnswered++;
        if (!proven && !q.readOnly() && table.hasRoomFor(q.id(), now) && proofs.offer(from, answer)) {
            // a ping is no longer than its query: answered in full once it shows it hears us
            query(from, KrpcMessage.Query.of(new byte[0], KrpcMessage.Method.PING, id(), null, false),
                    callback(r -> sendAnswer(from, proofs.take(from), Integer.MAX_VALUE), () -> proofs.take(from)));
            return;
        }
        sendAnswer(from, answer, proven ? Integer.MAX_VALUE : size);
    }

    private void sendAnswer(InetSocketAddress to, KrpcMessage answer, int budget) {
        if (answer == null) {
            return;
        }
        byte[] out = Responder.fit(answer, Math.min(budget, KrpcCodec.MAX_DATAGRAM - 100));
        if (out == null || out.length < KrpcCodec.encode(answer).length) {
            stats.trimmed++;
        }
        if (out != null) {
            socket.send(to, out);
        }
    }

    private static KrpcSocket.Callback callback(Consumer<KrpcMessage.Response> ok, Runnable failed) {
        return new KrpcSocket.Callback() {
            @Override
            public void replied(KrpcMessage.Response r, InetSocketAddress from) {
                ok.accept(r);
            }

            @Override
            public void failed() {
                failed.run();
            }
        };
    }

    private void onLoop(Runnable task) {
        if (!closed) {
            loop.execute(task);
        }
    }

    private DhtState snapshot() {
        return new DhtState(id(), table.contacts());
    }

    private void saveLater() {
        if (config.stateFile() != null) {
            DhtState state = snapshot();
            ForkJoinPool.commonPool().execute(() -> save(state));
        }
    }

    private void save(DhtState state) {
        try {
            state.save(config.stateFile());
        } catch (IOException e) {
            LOG.info("dht: cannot save the routing table to {}: {}", config.stateFile(), e.toString());
        }
    }

    /** Stops answering, fails the queries under way and saves the routing table. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DhtState state = loop.submit(() -> {
            socket.failAll();
            return snapshot();
        }).syncUninterruptibly().getNow();
        channel.close().syncUninterruptibly();
        if (config.stateFile() != null && state != null) {
            save(state);
        }
        bootstrapped.complete(null);
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
