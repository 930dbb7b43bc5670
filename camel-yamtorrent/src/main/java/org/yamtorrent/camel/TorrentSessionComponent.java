package org.yamtorrent.camel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.spi.Metadata;
import org.apache.camel.support.HealthCheckComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.lsd.LsdConfig;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.wire.Encryption;

/**
 * The engine-session half of the {@code torrent:} component: the options of the one {@link Session} per component
 * (listening, connections, the DHT and local discovery), mapped to a {@link SessionConfig} when the component
 * starts. {@link TorrentComponent} adds the endpoints, the embedded tracker, JMX, metrics and the stall watch.
 */
public abstract class TorrentSessionComponent extends HealthCheckComponent {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentSessionComponent.class);

    @Metadata(defaultValue = "6881", description = "The TCP port to accept peers on; 0 picks a free port.")
    private int listenPort = 6881;
    @Metadata(defaultValue = "0.0.0.0", description = "The addresses to accept peers on, comma-separated, all on the "
                                                     + "listen port: 0.0.0.0 for every IPv4 interface, :: for every IPv6 "
                                                     + "one (0.0.0.0,:: for both, BEP 7). Trackers hear from us once per "
                                                     + "address family listened on.")
    private String listenAddress = "0.0.0.0";
    @Metadata(defaultValue = "prefer", enums = "prefer,require,disable",
              description = "MSE/PE encryption of peer connections: prefer accepts both and offers RC4 on the "
                            + "connections it makes (a peer that hangs up on that is dialled again in plaintext); "
                            + "require only RC4, both ways; disable only plaintext.")
    private String encryption = "prefer";
    @Metadata(defaultValue = "200", description = "The most peer connections over all torrents.")
    private int maxConnections = 200;
    @Metadata(defaultValue = "50", description = "The most peer connections of one torrent.")
    private int maxConnectionsPerTorrent = 50;
    @Metadata(description = "Where resume records are kept. By default each download directory keeps its own, "
                            + "in its .yamtorrent folder.")
    private String resumeDirectory;
    @Metadata(defaultValue = "-YT0010-", description = "The first characters (at most 20) of our peer id (BEP 20).")
    private String peerIdPrefix = "-YT0010-";
    @Metadata(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "The shortest re-announce interval accepted from a tracker.")
    private long minAnnounceInterval = 30_000;
    @Metadata(defaultValue = "0", description = "The most payload bytes a second all torrents together receive; 0 is "
                                                + "unlimited. An endpoint's maxDownloadRate limits its own torrents too.")
    private long maxDownloadRate;
    @Metadata(defaultValue = "0", description = "The most payload bytes a second all torrents together send; 0 is "
                                                + "unlimited. An endpoint's maxUploadRate limits its own torrents too.")
    private long maxUploadRate;

    // --- trackerless peers

    @Metadata(label = "dht", defaultValue = "true",
              description = "Run a mainline DHT node (BEP 5) that finds peers for every public torrent without a "
                            + "tracker, and announces us; a magnet without trackers needs it. Private torrents never "
                            + "use it. With IPv4 and IPv6 listen addresses there is a node for each family (BEP 32).")
    private boolean dht = true;
    @Metadata(label = "dht", defaultValue = "-1",
              description = "The DHT's UDP port: -1 (the default) uses the listen port (so open that port for UDP as "
                            + "well as TCP in a firewall), 0 picks a free port.")
    private int dhtPort = -1;
    @Metadata(label = "dht",
              defaultValue = "router.bittorrent.com:6881,dht.transmissionbt.com:6881,router.utorrent.com:6881",
              description = "The DHT nodes (host:port, comma separated) to start from when the saved routing table "
                            + "is empty or stale; empty for none. Names that do not resolve are skipped (one INFO line).")
    private String dhtBootstrapNodes = String.join(",", org.yamtorrent.engine.dht.DhtConfig.DEFAULT_BOOTSTRAP);
    @Metadata(label = "dht", defaultValue = "false",
              description = "BEP 43 read-only DHT: we look up and announce but never answer other nodes' queries, "
                            + "and they do not keep us in their routing tables (for metered or firewalled links).")
    private boolean dhtReadOnly;
    @Metadata(label = "dht",
              description = "Where the session keeps its own state: the DHT routing table (dht.state), read at start "
                            + "so a restart needs no bootstrap node. By default the resume directory when one is set, "
                            + "else .yamtorrent in the user's home.")
    private String stateDirectory;
    @Metadata(label = "dht", defaultValue = "true",
              description = "Local Service Discovery (BEP 14): announce public torrents by multicast on the local "
                            + "network (group 239.192.152.143, and ff15::efc0:988f where IPv6 is up, port 6771) and take "
                            + "the peers heard. Off by itself when the listen address is loopback.")
    private boolean lsd = true;

    private Session session;

    /** Opens the engine session; call from {@code doStart}. */
    protected void openSession() throws UnknownHostException {
        session = Session.open(sessionConfig());
    }

    /** Closes the engine session (a graceful stop of every torrent); call from {@code doStop}. */
    protected void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private SessionConfig sessionConfig() throws UnknownHostException {
        List<InetAddress> addresses = listenAddresses();
        InetAddress address = addresses.get(0);
        SessionConfig config = new SessionConfig()
                .listenAddresses(addresses)
                .encryption(Encryption.valueOf(encryption.trim().toUpperCase(Locale.ROOT)))
                .listenPort(listenPort)
                .maxConnections(maxConnections)
                .maxConnectionsPerTorrent(maxConnectionsPerTorrent)
                .peerIdPrefix(peerIdPrefix)
                .minAnnounceInterval(Duration.ofMillis(minAnnounceInterval))
                .maxDownloadRate(maxDownloadRate)
                .maxUploadRate(maxUploadRate)
                .resumeDirectory(resumeDirectory == null ? null : Path.of(resumeDirectory))
                .dht(dht)
                .dhtPort(dhtPort)
                .dhtReadOnly(dhtReadOnly)
                .dhtBootstrapNodes(bootstrapNodes())
                .stateDirectory(stateDirectoryPath());
        if (lsd) {
            LsdConfig lsdConfig = LsdConfig.forListenAddress(address);
            if (lsdConfig == null) {
                LOG.debug("lsd: off, no multicast interface for listen address {}", listenAddress);
            }
            config.lsd(lsdConfig);
        }
        return config;
    }

    /** The {@code listenAddress} list; the first is where the embedded tracker and local discovery bind. */
    protected List<InetAddress> listenAddresses() throws UnknownHostException {
        List<InetAddress> addresses = new ArrayList<>();
        for (String a : listenAddress.split(",")) {
            if (!a.isBlank()) {
                addresses.add(InetAddress.getByName(a.trim()));
            }
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException("listenAddress names no address: '" + listenAddress + "'");
        }
        return addresses;
    }

    private List<String> bootstrapNodes() {
        return dhtBootstrapNodes == null ? List.of()
                : Arrays.stream(dhtBootstrapNodes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private Path stateDirectoryPath() {
        if (stateDirectory != null) {
            return Path.of(stateDirectory);
        }
        return resumeDirectory != null ? Path.of(resumeDirectory)
                : Path.of(System.getProperty("user.home"), ".yamtorrent");
    }

    /** The engine session; available while the component is started. */
    public Session getSession() {
        return session;
    }

    /** The DHT nodes the session knows (0 without a DHT or while stopped). */
    public int getDhtNodes() {
        Session s = session;
        return s == null ? 0 : s.dhtNodes();
    }

    public int getListenPort() {
        return listenPort;
    }

    public void setListenPort(int listenPort) {
        this.listenPort = listenPort;
    }

    public String getEncryption() {
        return encryption;
    }

    public void setEncryption(String encryption) {
        this.encryption = encryption;
    }

    public String getListenAddress() {
        return listenAddress;
    }

    public void setListenAddress(String listenAddress) {
        this.listenAddress = listenAddress;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerTorrent() {
        return maxConnectionsPerTorrent;
    }

    public void setMaxConnectionsPerTorrent(int maxConnectionsPerTorrent) {
        this.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
    }

    public String getResumeDirectory() {
        return resumeDirectory;
    }

    public void setResumeDirectory(String resumeDirectory) {
        this.resumeDirectory = resumeDirectory;
    }

    public String getPeerIdPrefix() {
        return peerIdPrefix;
    }

    public void setPeerIdPrefix(String peerIdPrefix) {
        this.peerIdPrefix = peerIdPrefix;
    }

    public long getMinAnnounceInterval() {
        return minAnnounceInterval;
    }

    public void setMinAnnounceInterval(long minAnnounceInterval) {
        this.minAnnounceInterval = minAnnounceInterval;
    }

    public boolean isDht() {
        return dht;
    }

    public void setDht(boolean dht) {
        this.dht = dht;
    }

    public int getDhtPort() {
        return dhtPort;
    }

    public void setDhtPort(int dhtPort) {
        this.dhtPort = dhtPort;
    }

    public String getDhtBootstrapNodes() {
        return dhtBootstrapNodes;
    }

    public void setDhtBootstrapNodes(String dhtBootstrapNodes) {
        this.dhtBootstrapNodes = dhtBootstrapNodes;
    }

    public boolean isDhtReadOnly() {
        return dhtReadOnly;
    }

    public void setDhtReadOnly(boolean dhtReadOnly) {
        this.dhtReadOnly = dhtReadOnly;
    }

    public String getStateDirectory() {
        return stateDirectory;
    }

    public void setStateDirectory(String stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public boolean isLsd() {
        return lsd;
    }

    public void setLsd(boolean lsd) {
        this.lsd = lsd;
    }

    public long getMaxDownloadRate() {
        return maxDownloadRate;
    }

    public void setMaxDownloadRate(long maxDownloadRate) {
        this.maxDownloadRate = maxDownloadRate;
    }

    public long getMaxUploadRate() {
        return maxUploadRate;
    }

    public void setMaxUploadRate(long maxUploadRate) {
        this.maxUploadRate = maxUploadRate;
    }
}
