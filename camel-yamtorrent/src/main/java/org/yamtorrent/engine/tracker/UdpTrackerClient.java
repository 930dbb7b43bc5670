package org.yamtorrent.engine.tracker;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces to UDP trackers (BEP 15, BEP 41 URLData) over one shared datagram socket, without blocking the caller.
 *
 * <p>A connection id is reused for {@link #CONNECTION_ID_LIFETIME} and then fetched again. A request that gets no
 * reply is sent again after {@code baseTimeout * 2^n}, n = 0, 1, ... {@code maxRetries}, and then fails; replies
 * with an unknown transaction id or from another address are ignored. The attempt count is not reset when a
 * connect succeeds, unlike the BEP's example, so a tracker that answers connects but never announces still ends
 * the announce.
 *
 * <p>Threads: one reads the socket, one owns every announce's state and timers, and a small pool resolves tracker
 * host names so a slow DNS server delays nobody else. Futures complete on the common pool, never on these threads.
 */
public final class UdpTrackerClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpTrackerClient.class);

    /** The 15 s of BEP 15. */
    public static final Duration DEFAULT_BASE_TIMEOUT = Duration.ofSeconds(15);
    /** BEP 15 raises n up to 8: 15 * 2^8 s = 3840 s for the last wait. */
    public static final int DEFAULT_MAX_RETRIES = 8;
    public static final Duration CONNECTION_ID_LIFETIME = Duration.ofMinutes(1);

    private static final int MAX_DATAGRAM = 65536;

    private final DatagramChannel channel;
    private final Duration baseTimeout;
    private final int maxRetries;
    private final int maxPeers;
    private final LongSupplier nanoTime;
    private final Random random = new SecureRandom();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("yamtorrent-udp-tracker"));
    private final ExecutorService resolver = Executors.newCachedThreadPool(daemon("yamtorrent-udp-tracker-dns"));
    private final Thread reader;
    /** By transaction id; read by the reader thread, written by the timer thread. */
    private final Map<Integer, Exchange> pending = new ConcurrentHashMap<>();
    private final Set<Exchange> active = ConcurrentHashMap.newKeySet();
    /** Timer thread only. */
    private final Map<InetSocketAddress, Connection> connections = new HashMap<>();
    private volatile boolean closed;

    /** A client on an ephemeral port of every local address, with the BEP 15 timings. */
    public UdpTrackerClient() throws IOException {
        this(new InetSocketAddress(0), DEFAULT_BASE_TIMEOUT, DEFAULT_MAX_RETRIES);
    }

    /**
     * @param bindAddress the local address and port of the shared socket (port 0: ephemeral)
     * @param baseTimeout the first wait for a reply; BEP 15 says 15 s
     * @param maxRetries  how many times a request is sent again before the announce fails; BEP 15 says 8
     */
    public UdpTrackerClient(InetSocketAddress bindAddress, Duration baseTimeout, int maxRetries) throws IOException {
        this(bindAddress, baseTimeout, maxRetries, HttpTrackerClient.DEFAULT_MAX_PEERS, System::nanoTime);
    }

    UdpTrackerClient(InetSocketAddress bindAddress, Duration baseTimeout, int maxRetries, int maxPeers,
                     LongSupplier nanoTime) throws IOException {
        if (baseTimeout.isNegative() || baseTimeout.isZero() || maxRetries < 0 || maxRetries > 30 || maxPeers <= 0) {
            throw new IllegalArgumentException("base timeout must be positive, max retries in 0..30, max peers positive");
        }
        this.baseTimeout = baseTimeout;
        this.maxRetries = maxRetries;
        this.maxPeers = maxPeers;
        this.nanoTime = nanoTime;
        this.channel = DatagramChannel.open().bind(bindAddress);
        this.reader = daemon("yamtorrent-udp-tracker-reader").newThread(this::readLoop);
        reader.start();
    }

    /** The wait before retransmission number {@code attempt + 1}: {@code base * 2^attempt}. */
    static Duration retransmitDelay(Duration base, int attempt) {
        return base.multipliedBy(1L << attempt);
    }

    /** The local address of the shared socket. */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Announces {@code request} to the {@code udp://host:port[/path?query]} tracker. The future fails with a
     * {@link TrackerException} for an error reply ("tracker failure: ..."), a malformed reply, an unknown host or no
     * reply after the last retransmission. Cancelling it stops the retransmissions.
     */
    public CompletableFuture<AnnounceResponse> announce(URI tracker, AnnounceRequest request) {
        if (!"udp".equalsIgnoreCase(tracker.getScheme())) {
            return CompletableFuture.failedFuture(new TrackerException("udp announce: " + tracker.getScheme() + " is not udp"));
        }
        if (tracker.getHost() == null || tracker.getPort() < 1) {
            return CompletableFuture.failedFuture(new TrackerException("udp announce: tracker URL has no host or port"));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new TrackerException("udp announce: client is closed"));
        }
        Exchange x = new Exchange(tracker, request);
        active.add(x);
        CompletableFuture<AnnounceResponse> answer = new CompletableFuture<>();
        x.result.whenCompleteAsync((response, error) -> {
            if (error == null) {
                answer.complete(response);
            } else {
                answer.completeExceptionally(error);
            }
        });
        answer.whenComplete((response, error) -> {
            if (answer.isCancelled()) {
                onTimerThread(() -> x.fail(new TrackerException("udp announce to " + x.name + ": cancelled")));
            }
        });
        try {
            resolver.execute(x::resolve);
        } catch (RejectedExecutionException e) {
            x.fail(new TrackerException("udp announce: client is closed"));
        }
        return answer;
    }

    /** Closes the socket and fails every announce under way. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the udp tracker socket: {}", e.toString());
        }
        timers.shutdownNow();
        resolver.shutdownNow();
        for (Exchange x : active) {
            x.result.completeExceptionally(new TrackerException("udp announce to " + x.name + ": client closed"));
        }
        active.clear();
        pending.clear();
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                dispatch(from, buffer);
            } catch (ClosedChannelException e) { // includes the AsynchronousCloseException of close()
                return;
            } catch (IOException e) {
                LOG.debug("udp tracker socket: {}", e.toString());
            }
        }
    }

    private void dispatch(SocketAddress from, ByteBuffer datagram) {
        if (datagram.remaining() < UdpPackets.REPLY_HEADER) {
            LOG.debug("udp tracker: ignoring a {}-byte datagram from {}", datagram.remaining(), from);
            return;
        }
        int transactionId = UdpPackets.transactionId(datagram);
        Exchange x = pending.get(transactionId);
        if (x == null || !from.equals(x.endpoint)) {
            LOG.debug("udp tracker: ignoring a reply from {} with unknown transaction id {}", from, transactionId);
            return;
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        onTimerThread(() -> x.received(ByteBuffer.wrap(copy), transactionId));
    }

    private void onTimerThread(Runnable task) {
        try {
            timers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("udp tracker client closed; dropping a task");
        }
    }

    private int newTransactionId(Exchange x) {
        while (true) {
            int id = random.nextInt();
            if (pending.putIfAbsent(id, x) == null) {
                return id;
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private record Connection(long id, long obtainedNanos) {
    }

    /** One announce, from name lookup to reply. Its state is touched only on the timer thread once resolved. */
    private final class Exchange {
        final URI tracker;
        final String name;
        final AnnounceRequest request;
        final CompletableFuture<AnnounceResponse> result = new CompletableFuture<>();
        volatile InetSocketAddress endpoint;
        int transactionId;
        boolean connecting;
        int attempt;
        ScheduledFuture<?> timer;

        Exchange(URI tracker, AnnounceRequest request) {
            this.tracker = tracker;
            this.name = TrackerClient.displayName(tracker);
            this.request = request;
        }

        /** On a resolver thread: the one blocking step. */
        void resolve() {
            try {
                InetAddress address = InetAddress.getByName(tracker.getHost());
                endpoint = new InetSocketAddress(address, tracker.getPort());
                onTimerThread(this::send);
            } catch (IOException e) {
                onTimerThread(() -> fail(new TrackerException("udp announce to " + name + ": unknown host", e)));
            }
        }

        void send() {
            if (result.isDone()) {
                return;
            }
            pending.remove(transactionId, this);
            transactionId = newTransactionId(this);
            Connection c = connections.get(endpoint);
            ByteBuffer packet;
            try {
                if (c != null && nanoTime.getAsLong() - c.obtainedNanos < CONNECTION_ID_LIFETIME.toNanos()) {
                    connecting = false;
                    packet = UdpPackets.announce(c.id, transactionId, request, urlData());
                } else {
                    connecting = true;
                    packet = UdpPackets.connect(transactionId);
                }
                channel.send(packet, endpoint);
            } catch (TrackerException e) {
                fail(e);
                return;
            } catch (IOException e) {
                fail(new TrackerException("udp announce to " + name + ": " + e, e));
                return;
            }
            Duration wait = retransmitDelay(baseTimeout, attempt);
            timer = timers.schedule(this::timedOut, wait.toNanos(), TimeUnit.NANOSECONDS);
        }

        void timedOut() {
            if (result.isDone()) {
                return;
            }
            attempt++;
            if (attempt > maxRetries) {
                fail(new TrackerException("udp announce to " + name + ": no reply after " + attempt + " tries"));
                return;
            }
            LOG.debug("udp tracker {}: no reply, retransmission {}", name, attempt);
            send();
        }

        void received(ByteBuffer reply, int replyTransactionId) {
            if (result.isDone() || replyTransactionId != transactionId) {
                return; // a late reply to a request we already gave up on or resent
            }
            timer.cancel(false);
            int action = UdpPackets.action(reply);
            try {
                if (action == UdpPackets.ERROR) {
                    connections.remove(endpoint); // the usual error is a stale connection id
                    fail(new TrackerException("tracker failure: " + UdpPackets.errorMessage(reply)));
                } else if (connecting) {
                    expect(action, UdpPackets.CONNECT, "connect");
                    long now = nanoTime.getAsLong();
                    connections.values().removeIf(c -> now - c.obtainedNanos >= CONNECTION_ID_LIFETIME.toNanos());
                    connections.put(endpoint, new Connection(UdpPackets.connectionId(reply), now));
                    send();
                } else {
                    expect(action, UdpPackets.ANNOUNCE, "announce");
                    boolean ipv6 = endpoint.getAddress() instanceof Inet6Address;
                    AnnounceResponse response = UdpPackets.announceReply(reply, ipv6, maxPeers);
                    finish();
                    result.complete(response);
                }
            } catch (TrackerException e) {
                fail(e);
            }
        }

        private void expect(int action, int wanted, String what) {
            if (action != wanted) {
                throw new TrackerException("udp " + what + " reply: action " + action + ", expected " + wanted);
            }
        }

        /** BEP 41: the path and query of the URL, which plain BEP 15 cannot carry. */
        private String urlData() {
            String path = tracker.getRawPath() == null ? "" : tracker.getRawPath();
            String query = tracker.getRawQuery() == null ? "" : "?" + tracker.getRawQuery();
            String data = path + query;
            return data.equals("/") ? "" : data;
        }

        void fail(TrackerException e) {
            finish();
            result.completeExceptionally(e);
        }

        private void finish() {
            if (timer != null) {
                timer.cancel(false);
            }
            pending.remove(transactionId, this);
            active.remove(this);
        }
    }
}
