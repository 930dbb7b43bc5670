package org.yamtorrent.camel.springboot;

import java.time.Duration;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code torrent:} component's options as Spring Boot properties, {@code camel.component.torrent.*}: one field
 * for each component option in the catalog (torrent.json), with the catalog's description as its javadoc, from
 * which spring-boot-configuration-processor writes the metadata IDEs complete from. Defaults are the component's.
 * TorrentComponentConfigurationTest fails for an option of the catalog that is not here.
 */
@ConfigurationProperties(prefix = "camel.component.torrent")
public class TorrentComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Whether to enable auto configuration of the torrent component. This is enabled by default.
     */
    private Boolean enabled;
    /**
     * Start the engine's embedded HTTP tracker with the component.
     */
    private Boolean embeddedTracker = false;
    /**
     * The port of the embedded tracker; 0 picks a free port.
     */
    private Integer embeddedTrackerPort = 6969;
    /**
     * The address to accept peers on.
     */
    private String listenAddress = "0.0.0.0";
    /**
     * The TCP port to accept peers on; 0 picks a free port.
     */
    private Integer listenPort = 6881;
    /**
     * The most torrents downloading at once over all endpoints; more wait their turn.
     */
    private Integer maxActiveTorrents = 4;
    /**
     * The most peer connections over all torrents.
     */
    private Integer maxConnections = 200;
    /**
     * The most peer connections of one torrent.
     */
    private Integer maxConnectionsPerTorrent = 50;
    /**
     * The first characters (at most 20) of our peer id (BEP 20).
     */
    private String peerIdPrefix = "-YT0010-";
    /**
     * Where resume records are kept. By default each download directory keeps its own, under
     * <directory>/.yamtorrent.
     */
    private String resumeDirectory;
    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed
     * as a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party
     * component allows Camel to be alerted if an exception was thrown. Some components handle this internally
     * only, and therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel
     * component to hook into the 3rd party component and make this possible for future releases. By default the
     * consumer will use the org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at
     * WARN or ERROR level and ignored.
     */
    private Boolean bridgeErrorHandler = false;
    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to
     * allow CamelContext and routes to startup in situations where a producer may otherwise fail during starting
     * and cause the route to fail being started. By deferring this startup to be lazy then the startup failure can
     * be handled during routing messages via Camel's routing error handlers. Beware that when the first message is
     * processed then creating and starting the producer may take a little time and prolong the total processing
     * time of the processing.
     */
    private Boolean lazyStartProducer = false;
    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then
     * gets configured on the component. This can be used for automatic configuring JDBC data sources, JMS
     * connection factories, AWS Clients, etc.
     */
    private Boolean autowiredEnabled = true;
    /**
     * The shortest re-announce interval accepted from a tracker.
     */
    private Duration minAnnounceInterval = Duration.ofSeconds(30);

    public Boolean getEmbeddedTracker() {
        return embeddedTracker;
    }

    public void setEmbeddedTracker(Boolean embeddedTracker) {
        this.embeddedTracker = embeddedTracker;
    }

    public Integer getEmbeddedTrackerPort() {
        return embeddedTrackerPort;
    }

    public void setEmbeddedTrackerPort(Integer embeddedTrackerPort) {
        this.embeddedTrackerPort = embeddedTrackerPort;
    }

    public String getListenAddress() {
        return listenAddress;
    }

    public void setListenAddress(String listenAddress) {
        this.listenAddress = listenAddress;
    }

    public Integer getListenPort() {
        return listenPort;
    }

    public void setListenPort(Integer listenPort) {
        this.listenPort = listenPort;
    }

    public Integer getMaxActiveTorrents() {
        return maxActiveTorrents;
    }

    public void setMaxActiveTorrents(Integer maxActiveTorrents) {
        this.maxActiveTorrents = maxActiveTorrents;
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxConnectionsPerTorrent() {
        return maxConnectionsPerTorrent;
    }

    public void setMaxConnectionsPerTorrent(Integer maxConnectionsPerTorrent) {
        this.maxConnectionsPerTorrent = maxConnectionsPerTorrent;
    }

    public String getPeerIdPrefix() {
        return peerIdPrefix;
    }

    public void setPeerIdPrefix(String peerIdPrefix) {
        this.peerIdPrefix = peerIdPrefix;
    }

    public String getResumeDirectory() {
        return resumeDirectory;
    }

    public void setResumeDirectory(String resumeDirectory) {
        this.resumeDirectory = resumeDirectory;
    }

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public Duration getMinAnnounceInterval() {
        return minAnnounceInterval;
    }

    public void setMinAnnounceInterval(Duration minAnnounceInterval) {
        this.minAnnounceInterval = minAnnounceInterval;
    }
}
