package org.yamtorrent.engine.session;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.yamtorrent.engine.dht.DhtConfig;
import org.yamtorrent.engine.extension.ExtensionHandshake;
import org.yamtorrent.engine.lsd.LsdConfig;
import org.yamtorrent.engine.wire.Encryption;

/** How a {@link Session} listens and what it allows. Fluent setters; read once when the session opens. */
public final class SessionConfig {

    private List<InetAddress> listenAddresses = List.of(InetAddress.getLoopbackAddress());
    private Encryption encryption = Encryption.PREFER;
    private int listenPort = 6881;
    private String peerIdPrefix = "-YT0010-";
    private int maxConnections = 200;
    private int maxConnectionsPerTorrent = 50;
    private int uploadSlots = 4;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofMinutes(3);
    private Duration snubTimeout = Duration.ofSeconds(20);
    private Duration chokeInterval = Duration.ofSeconds(10);
    private Duration optimisticUnchokeInterval = Duration.ofSeconds(30);
    private Path resumeDirectory;
    private long maxPendingWriteBytes = 64L * 1024 * 1024;
    private int maxQueuedUploadRequests = ExtensionHandshake.OUR_REQQ;
    private int banAfterHashFailures = 3;
    private Duration minAnnounceInterval = Duration.ofSeconds(30);
    private boolean dht;
    private boolean dhtReadOnly;
    private int dhtPort = -1;
    private List<String> dhtBootstrapNodes = DhtConfig.DEFAULT_BOOTSTRAP;
    private Path stateDirectory;
    private LsdConfig lsd;
    private long maxDownloadRate;
    private long maxUploadRate;

    /** The first of {@link #listenAddresses()}. */
    public InetAddress listenAddress() {
        return listenAddresses.get(0);
    }

    /** Listens on {@code listenAddress} alone. */
    public SessionConfig listenAddress(InetAddress listenAddress) {
        return listenAddresses(List.of(listenAddress));
    }

    /**
     * The addresses to accept peers on, all on the one {@link #listenPort()}: loopback by default, {@code 0.0.0.0}
     * for every IPv4 interface, {@code ::} for every IPv6 one (BEP 7). Trackers hear from us once per address
     * family listened on.
     */
    public List<InetAddress> listenAddresses() {
        return listenAddresses;
    }

    public SessionConfig listenAddresses(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        this.listenAddresses = List.copyOf(addresses);
        return this;
    }

    /**
     * MSE/PE on peer connections: {@link Encryption#PREFER} (the default) accepts both and offers RC4 on the
     * connections it makes, falling back to plaintext for a peer that hangs up on the encrypted attempt;
     * {@link Encryption#REQUIRE} only RC4; {@link Encryption#DISABLE} only plaintext.
     */
    public Encryption encryption() {
        return encryption;
    }

    public SessionConfig encryption(Encryption policy) {
        this.encryption = Objects.requireNonNull(policy, "encryption");
        return this;
    }

    /** The TCP port to accept peers on; 0 picks a free one. */
    public int listenPort() {
        return listenPort;
    }

    public SessionConfig listenPort(int listenPort) {
        this.listenPort = listenPort;
        return this;
    }

    /** The first 8 characters of our peer id, Azureus style (BEP 20). */
    public String peerIdPrefix() {
        return peerIdPrefix;
    }

    public SessionConfig peerIdPrefix(String peerIdPrefix) {
        if (peerIdPrefix.length() > 20) {
            throw new IllegalArgumentException("peer id prefix longer than 20 characters: " + peerIdPrefix);
        }
        this.peerIdPrefix = peerIdPrefix;
        return this;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public SessionConfig maxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
        return this;
    }

    public int maxConnectionsPerTorrent() {
        return maxConnectionsPerTorrent;
    }

    public SessionConfig maxConnectionsPerTorrent(int maxConnectionsPerTorrent) {
        this.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
        return this;
    }

    /** Peers unchoked by rate at each choke round, besides the optimistic one. */
    public int uploadSlots() {
        return uploadSlots;
    }

    public SessionConfig uploadSlots(int uploadSlots) {
        this.uploadSlots = uploadSlots;
        return this;
    }

    /** A peer must complete its handshake within this long of connecting, or it is closed. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public SessionConfig handshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
        return this;
    }

    /**
     * A peer that sends nothing, not even a keep-alive, for this long is dropped. Longer than the two minutes
     * between the keep-alives BEP 3 suggests, so a quiet peer that keeps to them stays.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    public SessionConfig idleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
        return this;
    }

    /** A peer that leaves our requests unanswered this long is snubbed: its requests go to others. */
    public Duration snubTimeout() {
        return snubTimeout;
    }

    public SessionConfig snubTimeout(Duration snubTimeout) {
        this.snubTimeout = snubTimeout;
        return this;
    }

    public Duration chokeInterval() {
        return chokeInterval;
    }

    public SessionConfig chokeInterval(Duration chokeInterval) {
        this.chokeInterval = chokeInterval;
        return this;
    }

    public Duration optimisticUnchokeInterval() {
        return optimisticUnchokeInterval;
    }

    public SessionConfig optimisticUnchokeInterval(Duration optimisticUnchokeInterval) {
        this.optimisticUnchokeInterval = optimisticUnchokeInterval;
        return this;
    }

    /** Where resume records are kept, one per torrent; null keeps none (every start re-checks the data). */
    public Path resumeDirectory() {
        return resumeDirectory;
    }

    public SessionConfig resumeDirectory(Path resumeDirectory) {
        this.resumeDirectory = resumeDirectory;
        return this;
    }

    /** Received blocks waiting for the disk beyond this stop reading from peers until the disk catches up. */
    public long maxPendingWriteBytes() {
        return maxPendingWriteBytes;
    }

    public SessionConfig maxPendingWriteBytes(long maxPendingWriteBytes) {
        this.maxPendingWriteBytes = maxPendingWriteBytes;
        return this;
    }

    /** Requests a peer may have queued with us; more are dropped. The default is the {@code reqq} we advertise. */
    public int maxQueuedUploadRequests() {
        return maxQueuedUploadRequests;
    }

    public SessionConfig maxQueuedUploadRequests(int maxQueuedUploadRequests) {
        this.maxQueuedUploadRequests = maxQueuedUploadRequests;
        return this;
    }

    /** A peer that sent data for this many pieces that failed their hash is banned. */
    public int banAfterHashFailures() {
        return banAfterHashFailures;
    }

    public SessionConfig banAfterHashFailures(int banAfterHashFailures) {
        this.banAfterHashFailures = banAfterHashFailures;
        return this;
    }

    /** The shortest re-announce interval accepted from a tracker, and the least gap between announces. */
    public Duration minAnnounceInterval() {
        return minAnnounceInterval;
    }

    public SessionConfig minAnnounceInterval(Duration minAnnounceInterval) {
        this.minAnnounceInterval = minAnnounceInterval;
        return this;
    }

    /**
     * Whether the session runs a DHT node (BEP 5) for its public torrents. Off unless asked for, so that a session
     * never talks to the public DHT by accident (tests); the Camel component turns it on.
     */
    public boolean dht() {
        return dht;
    }

    public SessionConfig dht(boolean on) {
        this.dht = on;
        return this;
    }

    /** BEP 43: the DHT node asks but never answers, and never joins other nodes' tables (metered links). */
    public boolean dhtReadOnly() {
        return dhtReadOnly;
    }

    public SessionConfig dhtReadOnly(boolean on) {
        this.dhtReadOnly = on;
        return this;
    }

    /** The DHT's UDP port: -1 for the listen port (the default), 0 for any free port. */
    public int dhtPort() {
        return dhtPort;
    }

    public SessionConfig dhtPort(int port) {
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("DHT port " + port + " out of range");
        }
        this.dhtPort = port;
        return this;
    }

    /** {@code host:port} nodes the DHT starts from; the public routers by default. */
    public List<String> dhtBootstrapNodes() {
        return dhtBootstrapNodes;
    }

    public SessionConfig dhtBootstrapNodes(List<String> nodes) {
        this.dhtBootstrapNodes = List.copyOf(nodes);
        return this;
    }

    /** Where the session keeps its own state (the DHT routing table); null keeps none. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    public SessionConfig stateDirectory(Path directory) {
        this.stateDirectory = directory;
        return this;
    }

    /** Local Service Discovery (BEP 14) on these groups and interface; null (the default) runs none. */
    public LsdConfig lsd() {
        return lsd;
    }

    public SessionConfig lsd(LsdConfig config) {
        this.lsd = config;
        return this;
    }

    /** The most payload bytes a second all torrents together receive; 0 (the default) is unlimited. */
    public long maxDownloadRate() {
        return maxDownloadRate;
    }

    public SessionConfig maxDownloadRate(long bytesPerSecond) {
        this.maxDownloadRate = nonNegative(bytesPerSecond);
        return this;
    }

    /** The most payload bytes a second all torrents together send; 0 (the default) is unlimited. */
    public long maxUploadRate() {
        return maxUploadRate;
    }

    public SessionConfig maxUploadRate(long bytesPerSecond) {
        this.maxUploadRate = nonNegative(bytesPerSecond);
        return this;
    }

    static long nonNegative(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate limit " + bytesPerSecond + " bytes/s is negative; 0 is unlimited");
        }
        return bytesPerSecond;
    }
}
