package org.yamtorrent.quarkus;

import org.apache.camel.builder.RouteBuilder;

/**
 * routes/download.yaml in the Java DSL (camel-quarkus 3.33.0, the line on Camel 4.18.0, has no YAML DSL extension
 * here): every .torrent dropped into {@code yamtorrent.drop} is downloaded into {@code yamtorrent.work}, and each
 * verified payload file goes to {@code yamtorrent.out}. Camel Quarkus finds this class at build time.
 */
public class DownloadRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("torrent:download?watchDirectory={{yamtorrent.drop}}&directory={{yamtorrent.work}}"
             + "&progressInterval={{yamtorrent.progress-interval}}&delay={{yamtorrent.poll-delay}}")
                .routeId("download")
                .to("file:{{yamtorrent.out}}")
                .log("verified ${header.CamelFileName} (${header.CamelTorrentFileLength} bytes, torrent "
                     + "${header.CamelTorrentInfoHash}) is in {{yamtorrent.out}}/${header.CamelFileName}");
    }
}
