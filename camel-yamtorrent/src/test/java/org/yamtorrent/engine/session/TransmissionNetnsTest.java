package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.NetnsHosts;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.tracker.AnnounceEvent;
import org.yamtorrent.engine.tracker.AnnounceRequest;
import org.yamtorrent.engine.tracker.EmbeddedTracker;
import org.yamtorrent.engine.tracker.HttpTrackerClient;
import org.yamtorrent.engine.wire.Encryption;

/**
 * Transmission 3.00 on a host of its own (a network namespace, see {@link NetnsHosts}) dials our engine, which listens on
 * the root end of that network: Transmission never dials 127.0.0.0/8, but this address it does. Our side uses no
 * tracker and dials nobody: the test announces it to the embedded tracker once, so the transfer only happens if
 * Transmission connects to us, as a leecher fetching from our seed and as a seed serving our leecher; and, with
 * encryption required on both sides ({@code -er}), over MSE/RC4 both ways round, our leecher dialling it too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TransmissionNetnsTest {

    @TempDir
    Path tmp;

    private NetnsHosts net;
    private EmbeddedTracker tracker;
    private Path seed;
    private Metainfo m;

    @BeforeEach
    void network() throws Exception {
        ExternalProgram.assumeInstalled(ExternalProgram.TRANSMISSION_CLI);
        net = NetnsHosts.open();
        tracker = tracker();
        seed = tmp.resolve("seed");
        m = TransmissionInteropTest.payload(seed, tracker.announceUrl(), tmp.resolve("t.torrent"));
    }

    @AfterEach
    void close() throws Exception {
        if (tracker != null) {
            tracker.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void transmissionLeechesFromUsOverARealLink() throws Exception {
        transmissionLeechesFromUs("tr1", Encryption.PREFER);
    }

    /**
     * A magnet link: our session knows only the info-hash; Transmission, which seeds, dials us (announced once to
     * the tracker as a leecher), hands over the metadata through ut_metadata, then the payload.
     */
    @Test
    void transmissionSeedsAMagnetToUs() throws Exception {
        NetnsHosts.Host host = net.host("tr5");
        try (Session session = Session.open(config())) {
            TorrentHandle t = session.add(m.infoHash(), tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            announce(tracker, session, m, m.totalLength());
            try (ExternalProgram cli = TransmissionInteropTest.startCli(tmp.resolve("t.torrent"), seed, host)) {
                t.completion().get(120, TimeUnit.SECONDS);
            }
            assertArrayEquals(m.rawInfo(), t.metainfo().rawInfo(), "Transmission's metadata, checked by its hash");
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
        }
    }

    /**
     * transmission-cli with encryption required ({@code -er}) leeches from our seed with {@code encryption=require}:
     * it dials us, and our responder selects RC4.
     */
    @Test
    void transmissionRequiringEncryptionLeechesFromOurRequiringSeed() throws Exception {
        transmissionLeechesFromUs("tr3", Encryption.REQUIRE, "-er");
    }

    private void transmissionLeechesFromUs(String name, Encryption ours, String... cliOptions) throws Exception {
        try (Session session = Session.open(config().encryption(ours))) {
            TorrentHandle t = session.add(m, seed, new TorrentOptions().seedForever().useTrackers(false));
            t.completion().get(30, TimeUnit.SECONDS);
            announce(tracker, session, m, 0);
            Path leech = Files.createDirectories(tmp.resolve("leech"));
            try (ExternalProgram cli = TransmissionInteropTest.startCli(tmp.resolve("t.torrent"), leech, net.host(name),
                    ExternalProgram.freeTcpPort(), cliOptions)) {
                if (List.of(cliOptions).contains("-er")) {
                    Swarms.waitFor(() -> !t.peers().isEmpty() || TransmissionInteropTest.logContains(cli, "Seeding"),
                            Duration.ofSeconds(120), "transmission-cli connecting");
                    assertTrue(t.peers().stream().allMatch(PeerInfo::encrypted), "RC4 with transmission: " + t.peers());
                }
                cli.await(() -> TransmissionInteropTest.logContains(cli, "Seeding"), Duration.ofSeconds(120),
                        "transmission-cli's download from us");
            }
            Swarms.assertSamePayload(m, seed, leech, false);
            assertTrue(t.progress().uploaded() >= m.totalLength(), "we uploaded " + t.progress().uploaded());
        }
    }

    @Test
    void transmissionSeedsToUsOverARealLink() throws Exception {
        try (Session session = Session.open(config())) {
            TorrentHandle t = session.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            announce(tracker, session, m, m.totalLength());
            // transmission-cli checks the complete payload in its folder, then seeds it
            try (ExternalProgram cli = TransmissionInteropTest.startCli(tmp.resolve("t.torrent"), seed, net.host("tr2"))) {
                t.completion().get(120, TimeUnit.SECONDS);
            }
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
        }
    }

    /**
     * transmission-cli with encryption required seeds; our leecher (encryption=prefer) dials it on its namespace
     * address with an encrypted handshake, and Transmission, told by the tracker, may dial us as well: either way
     * the data comes over RC4.
     */
    @Test
    void ourPreferringLeecherFetchesFromTransmissionRequiringEncryption() throws Exception {
        NetnsHosts.Host host = net.host("tr4");
        int port = ExternalProgram.freeTcpPort();
        try (Session session = Session.open(config());
             ExternalProgram cli = TransmissionInteropTest.startCli(tmp.resolve("t.torrent"), seed, host, port, "-er")) {
            TorrentHandle t = session.add(m, tmp.resolve("leech"), new TorrentOptions().useTrackers(false));
            t.addPeers(List.of(new InetSocketAddress(host.address, port)));
            Swarms.waitFor(() -> !t.peers().isEmpty() || t.completion().isDone(), Duration.ofSeconds(120),
                    "transmission-cli as our peer");
            assertTrue(t.peers().stream().allMatch(PeerInfo::encrypted), "RC4 with transmission: " + t.peers());
            t.completion().get(120, TimeUnit.SECONDS);
            Swarms.assertSamePayload(m, seed, tmp.resolve("leech"), true);
        }
    }

    static EmbeddedTracker tracker() throws Exception {
        return EmbeddedTracker.start(new InetSocketAddress(InetAddress.getByName(NetnsHosts.ROOT_ADDRESS), 0),
                Duration.ofSeconds(5));
    }

    static SessionConfig config() throws Exception {
        return Swarms.config(null).listenAddress(InetAddress.getByName(NetnsHosts.ROOT_ADDRESS));
    }

    /** Tells the tracker where our engine listens, as its own announce would (it has trackers turned off). */
    static void announce(EmbeddedTracker tracker, Session session, Metainfo m, long left) throws Exception {
        new HttpTrackerClient().announce(tracker.announceUrl(), new AnnounceRequest(m.infoHash(), session.peerId(),
                session.listenPort(), 0, 0, left, AnnounceEvent.STARTED, -1, 1, null)).get(30, TimeUnit.SECONDS);
    }
}
