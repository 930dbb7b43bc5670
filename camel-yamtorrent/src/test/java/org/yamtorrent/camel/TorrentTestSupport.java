package org.yamtorrent.camel;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A Camel context whose torrent component listens on a free loopback port, with a seeder beside it. */
abstract class TorrentTestSupport extends CamelTestSupport {

    @TempDir
    Path tmp;

    TestSeeder seeder = new TestSeeder();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext ctx = super.createCamelContext();
        TorrentComponent c = new TorrentComponent();
        c.setListenPort(0);
        c.setListenAddress("127.0.0.1");
        c.setMinAnnounceInterval(1000);
        c.setDht(false); // tests that want a DHT give it a local bootstrap node (TorrentDhtTest)
        ctx.addComponent("torrent", c);
        return ctx;
    }

    @AfterEach
    void closeSeeder() {
        seeder.close();
    }

    /** Forward slashes, for endpoint URIs. */
    String dir(String name) {
        return tmp.resolve(name).toString().replace('\\', '/');
    }
}
