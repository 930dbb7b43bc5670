package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentState;

/** The component's and the endpoint's JMX attributes and operations, through the platform MBeanServer. */
@Timeout(120)
class TorrentManagementTest extends TorrentTestSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Override
    public void configureTest(TestExecutionConfiguration config) {
        super.configureTest(config);
        config.withJMX(true);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:job").to("torrent:download?directory=" + dir("jmx") + "&staticPeers=" + seeder.address()
                        + "&progressInterval=0");
            }
        };
    }

    private ObjectName one(String pattern) throws Exception {
        Set<ObjectName> names = jmx.queryNames(new ObjectName(pattern), null);
        assertEquals(1, names.size(), pattern + ": " + names + " of " + jmx.queryNames(new ObjectName("org.apache.camel:*"), null));
        return names.iterator().next();
    }

    @Test
    void attributesCountTheTorrentAndOperationsPauseResumeAndStopItByInfoHash() throws Exception {
        byte[] torrent = seeder.seedHalf(tmp.resolve("seed"), "managed.bin", List.of());
        String hash = MetainfoReader.read(torrent).infoHash().hex();
        CompletableFuture<Exchange> job = template.asyncSend("direct:job", x -> x.getMessage().setBody(torrent));

        String context = this.context.getManagementName();
        ObjectName component = one("org.apache.camel:context=" + context + ",type=components,name=\"torrent\"");
        ObjectName endpoint = one("org.apache.camel:context=" + context + ",type=endpoints,name=\"torrent://download*\"");
        // the seeder has half: at 50% the download stands still, so the two views below are of the same moment
        TorrentConsumerTest.awaitTrue(() -> attribute(endpoint, "Peers").equals(1)
                && attribute(component, "Peers").equals(1)
                && ((String[]) attribute(component, "Torrents"))[0].endsWith(" 50.0%"),
                "one peer, seen by the endpoint and the component, and the half it has");
        assertEquals(1, attribute(endpoint, "TorrentCount"));
        assertEquals(1, attribute(component, "TorrentCount"));
        String[] torrents = (String[]) attribute(component, "Torrents");
        assertEquals(1, torrents.length);
        assertTrue(torrents[0].startsWith(hash + " managed.bin "), torrents[0]);
        assertArrayEquals(torrents, (String[]) attribute(endpoint, "Torrents"));
        assertInstanceOf(Double.class, attribute(endpoint, "DownloadRate"));
        assertInstanceOf(Double.class, attribute(component, "UploadRate"));

        TorrentHandle t = this.context.getComponent("torrent", TorrentComponent.class).getSession().torrents().get(0);
        assertEquals(true, invoke(component, "pauseTorrent", hash.toUpperCase()));
        assertEquals(TorrentState.PAUSED, t.state());
        assertEquals(true, invoke(component, "resumeTorrent", hash));
        assertFalse(t.state() == TorrentState.PAUSED, "resumed: " + t.state());
        assertEquals(false, invoke(endpoint, "pauseTorrent", "00".repeat(20)), "no such torrent");

        assertEquals(true, invoke(endpoint, "stopTorrent", hash));
        Exchange done = job.get(30, TimeUnit.SECONDS);
        assertInstanceOf(TorrentException.class, done.getException());
        assertTrue(done.getException().getMessage().contains("stopped"), done.getException().getMessage());
        TorrentConsumerTest.awaitTrue(() -> attribute(endpoint, "TorrentCount").equals(0), "the stopped torrent leaves");
    }

    private Object attribute(ObjectName name, String attribute) {
        try {
            return jmx.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(name + " " + attribute, e);
        }
    }

    private Object invoke(ObjectName name, String operation, String infoHash) throws Exception {
        return jmx.invoke(name, operation, new Object[] { infoHash }, new String[] { String.class.getName() });
    }
}
