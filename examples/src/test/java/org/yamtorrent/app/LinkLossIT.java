package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.NetnsHosts;
import org.yamtorrent.engine.session.TorrentHandle;

/**
 * A node on a host of its own (a network namespace, its inbound link shaped to 16 Mbit/s so the download takes a
 * while) loses its link mid-download: {@code ip link set eth0 down} for a few seconds, then up. Nothing is handed on
 * while the link is down, and the download completes bit-exact afterwards.
 */
@Timeout(240)
class LinkLossIT {

    private static final int SIZE = 16 * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aNodeThatLosesItsLinkMidDownloadCompletesAfterwards() throws Exception {
        try (NetnsHosts net = NetnsHosts.open();
             Origin origin = new Origin(tmp.resolve("origin"), InetAddress.getByName(NetnsHosts.ROOT_ADDRESS))) {
            byte[] data = origin.payload("linkloss.bin", SIZE, 17);
            byte[] torrent = origin.torrent("linkloss.bin", 256 * 1024);
            TorrentHandle seed = origin.seed(torrent);
            NetnsHosts.Host host = net.host("node1");
            host.limitInbound(16_000);
            AppProcess node = AppProcess.start(tmp.resolve("node"), "download.yaml", Map.of(), host);
            try {
                node.await("its route", 60, () -> node.log().contains("Started download"));
                Files.createDirectories(node.dir.resolve("drop"));
                Files.write(node.dir.resolve("drop/linkloss.bin.torrent"), torrent);
                node.await("a quarter of the payload", 60, () -> seed.progress().uploaded() >= SIZE / 4);
                host.linkDown();
                long sentWhenDown = seed.progress().uploaded();
                Thread.sleep(5000);
                long sentWhileDown = seed.progress().uploaded() - sentWhenDown;
                assertFalse(Files.exists(node.out("linkloss.bin")), "nothing handed on while the link is down");
                host.linkUp();
                node.await("linkloss.bin", 150, () -> Files.exists(node.out("linkloss.bin"))
                        && node.log().contains("verified linkloss.bin"));
                assertArrayEquals(data, Files.readAllBytes(node.out("linkloss.bin")));
                // what the origin could still push into its socket buffers after the link went down is small
                assertTrue(sentWhileDown < SIZE / 4, "the link was really down: " + sentWhileDown + " bytes sent meanwhile");
                System.out.printf("link loss: %d of %d bytes were sent before the link went down for 5 s, %d while it was"
                        + " down; completed afterwards%n", sentWhenDown, SIZE, sentWhileDown);
            } finally {
                node.close();
            }
        }
    }
}
