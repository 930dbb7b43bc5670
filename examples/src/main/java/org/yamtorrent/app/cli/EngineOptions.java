package org.yamtorrent.app.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.yamtorrent.camel.HostPort;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.wire.Encryption;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The engine settings the commands that transfer data share (a picocli mixin). */
final class EngineOptions {

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to accept peers on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 6881;

    @Option(names = "--listen", paramLabel = "ADDRESS", split = ",",
            description = "Address to accept peers on (repeatable, or comma-separated, e.g. 0.0.0.0,:: for IPv4 and IPv6; "
                          + "default: 0.0.0.0).")
    List<String> listen = new ArrayList<>(List.of("0.0.0.0"));

    @Option(names = "--encryption", paramLabel = "POLICY",
            description = "MSE/PE encryption: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Encryption encryption = Encryption.PREFER;

    @Option(names = "--peer", paramLabel = "HOST:PORT", split = ",", converter = PeerConverter.class,
            description = "A peer to connect to besides the trackers' (repeatable, or comma-separated).")
    List<InetSocketAddress> peers = new ArrayList<>();

    @Option(names = "--min-announce-interval", paramLabel = "SECONDS",
            description = "The shortest re-announce interval accepted from a tracker (default: ${DEFAULT-VALUE}).")
    int minAnnounceInterval = 30;

    @Option(names = "--max-download-rate", paramLabel = "BYTES/S", converter = Rate.class,
            description = "The most payload to receive a second, e.g. 4M or 512K (binary units); 0, the default, is unlimited.")
    long maxDownloadRate;

    @Option(names = "--max-upload-rate", paramLabel = "BYTES/S", converter = Rate.class,
            description = "The most payload to send a second, e.g. 1M; 0, the default, is unlimited.")
    long maxUploadRate;

    /** Opens the engine; a Ctrl-C or SIGTERM closes it too, so resume records are saved and the stop announced. */
    Engine open() throws UnknownHostException {
        List<InetAddress> addresses = new ArrayList<>();
        for (String a : listen) {
            addresses.add(InetAddress.getByName(a));
        }
        Session session = Session.open(new SessionConfig().listenAddresses(addresses).listenPort(port)
                .encryption(encryption).minAnnounceInterval(Duration.ofSeconds(minAnnounceInterval))
                .maxDownloadRate(maxDownloadRate).maxUploadRate(maxUploadRate));
        Thread hook = new Thread(session::close, "yamtorrent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Engine(session, hook);
    }

    /** An open session and the shutdown hook that closes it on a signal. */
    record Engine(Session session, Thread hook) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
            session.close();
        }
    }

    /** Options for one torrent in {@code directory}, its resume record where the component keeps it. */
    TorrentOptions torrentOptions(Path directory, InfoHash infoHash) {
        TorrentOptions o = new TorrentOptions()
                .resumeFile(directory.resolve(".yamtorrent").resolve("resume").resolve(infoHash.hex() + ".resume"));
        peers.forEach(o::addStaticPeer);
        return o;
    }

    static final class PeerConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return HostPort.parse(value);
        }
    }
}
