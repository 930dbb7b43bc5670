package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.TestTorrents;
import org.yamtorrent.engine.session.Session;

/** maxDownloadRate and maxUploadRate: the component's reach the engine session, an endpoint's limit its downloads. */
@Timeout(60)
class RateLimitOptionsTest extends TorrentTestSupport {

    private static final long MIB = 1024 * 1024;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        // as camel.component.torrent.max-download-rate would, through the generated configurer
        PropertyBindingSupport.build().bind(ctx, ctx.getComponent("torrent"),
                new java.util.HashMap<>(Map.of("maxDownloadRate", "8388608", "maxUploadRate", "3145728")));
        return ctx;
    }

    @Test
    void componentLimitsAreTheSessions() {
        Session s = context.getComponent("torrent", TorrentComponent.class).getSession();
        assertEquals(8 * MIB, s.limits().download().rate());
        assertEquals(3 * MIB, s.limits().upload().rate());
    }

    @Test
    void anEndpointLimitHoldsItsDownloadBack() throws Exception {
        byte[] data = TestTorrents.randomBytes((int) (3 * MIB), 31);
        byte[] torrent = seeder.seed(TestSeeder.writePayload(tmp.resolve("seed"), "slow.bin", Map.of("", data)), 64 * 1024);
        long start = System.nanoTime();
        Exchange e = template.request("torrent:download?directory=" + dir("work") + "&staticPeers=" + seeder.address()
                + "&progressInterval=0&maxDownloadRate=1048576&maxUploadRate=65536", x -> x.getMessage().setBody(torrent));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertNull(e.getException());
        assertArrayEquals(data, e.getMessage().getBody(byte[].class));
        // 3 MiB at 1 MiB/s less the quarter second the bucket starts with: 2.75 s; unlimited it takes well under 1 s
        assertTrue(seconds >= 2 && seconds < 30, "3 MiB at 1 MiB/s took " + seconds + " s");
        TorrentEndpoint endpoint = (TorrentEndpoint) context.getEndpoints().stream()
                .filter(x -> x.getEndpointUri().contains("maxDownloadRate")).findFirst().orElseThrow();
        assertEquals(65536, endpoint.getMaxUploadRate());
    }
}
