package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TestTorrents;

/** The Micrometer meters, on a MeterRegistry bound in the Camel registry, with a cap of one torrent tag value. */
@Timeout(120)
class TorrentMetricsTest extends TorrentTestSupport {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        ctx.getRegistry().bind("meters", meters);
        ctx.getComponent("torrent", TorrentComponent.class).setMetricsMaxTorrents(1);
        return ctx;
    }

    private String download() {
        return "torrent:download?directory=" + dir("work") + "&staticPeers=" + seeder.address() + "&progressInterval=0";
    }

    private double value(String name, String torrent) {
        Meter m = meters.find(name).tag("torrent", torrent).meter();
        return m == null ? Double.NaN : m.measure().iterator().next().getValue();
    }

    @Test
    void countersCountBytesAndPiecesAndTorrentsBeyondTheCapShareTheTagOther() throws Exception {
        byte[] data = TestTorrents.randomBytes(1_000_000, 51);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "metered.bin", Map.of("", data)), 16 * 1024);
        Metainfo m = MetainfoReader.read(torrent);
        Exchange e = template.request(download(), x -> x.getMessage().setBody(torrent));
        assertNull(e.getException());
        // pieces verify on several disk threads: the last count may land just after the exchange completed
        TorrentConsumerTest.awaitTrue(() -> value("yamtorrent.bytes.downloaded", "metered.bin") >= data.length
                && value("yamtorrent.pieces.verified", "metered.bin") == m.pieceCount(), "the bytes and pieces counted");
        assertEquals(0, value("yamtorrent.pieces.failed", "metered.bin"));
        assertTrue(value("yamtorrent.bytes.uploaded", "metered.bin") >= 0);

        // the cap is one tag value: the next torrent is metered as torrent=other
        template.asyncSendBody(download(), seeder.seedHalf(tmp.resolve("seed-half"), "second.bin", List.of()));
        TorrentConsumerTest.awaitTrue(() -> value("yamtorrent.peers", "other") == 1
                && value("yamtorrent.torrents.active", "other") == 1, "the second torrent under torrent=other");
        assertTrue(meters.find("yamtorrent.peers").tag("torrent", "second.bin").meter() == null, "no own tag value");
        TorrentConsumerTest.awaitTrue(() -> value("yamtorrent.torrents.active", "metered.bin") == 0,
                "the first one leaves once it has completed");
        TorrentConsumerTest.awaitTrue(() -> value("yamtorrent.pieces.verified", "other") == 16
                && value("yamtorrent.bytes.downloaded", "other") >= 16 * 16 * 1024, "the half the seeder has, counted");
        context.getComponent("torrent", TorrentComponent.class).getSession().torrents()
                .forEach(org.yamtorrent.engine.session.TorrentHandle::stop);
    }
}
