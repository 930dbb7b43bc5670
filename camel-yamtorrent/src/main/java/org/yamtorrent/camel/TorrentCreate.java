package org.yamtorrent.camel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.yamtorrent.engine.metainfo.TorrentCreator;

/**
 * The {@code create} operation: a .torrent for the file or directory the body names, with the endpoint's tracker,
 * piece length, web seed and version options; the .torrent bytes become the body.
 */
final class TorrentCreate {

    private TorrentCreate() {
    }

    static void create(TorrentConfiguration config, Exchange exchange) throws Exception {
        Path source = TorrentInput.path(exchange);
        TorrentCreator creator = TorrentCreator.of(source)
                .pieceLength(config.getPieceLength())
                .privateFlag(config.isPrivate())
                .metaVersion(config.getMetaVersion());
        if (config.getAnnounce() != null) {
            creator.announce(config.getAnnounce());
        }
        if (config.getAnnounceList() != null) {
            creator.announceList(tiers(config.getAnnounceList()));
        }
        if (config.getComment() != null) {
            creator.comment(config.getComment());
        }
        if (config.getUrlList() != null) {
            creator.urlList(Arrays.stream(config.getUrlList().split(",")).map(String::trim)
                    .filter(u -> !u.isEmpty()).toList());
        }
        TorrentCreator.Result r = creator.create();
        Message out = exchange.getMessage();
        String name = source.getFileName().toString();
        out.setBody(r.bytes());
        out.setHeader(TorrentConstants.INFO_HASH, r.infoHash().hex());
        if (r.infoHash().hasV2()) {
            out.setHeader(TorrentConstants.INFO_HASH_V2, HexFormat.of().formatHex(r.infoHash().v2()));
        }
        out.setHeader(TorrentConstants.NAME, name);
        out.setHeader(Exchange.FILE_NAME, name + ".torrent");
    }

    private static List<List<String>> tiers(String spec) {
        List<List<String>> tiers = new ArrayList<>();
        for (String tier : spec.split("\\|")) {
            List<String> urls = new ArrayList<>();
            for (String url : tier.split(",")) {
                if (!url.isBlank()) {
                    urls.add(url.trim());
                }
            }
            if (!urls.isEmpty()) {
                tiers.add(urls);
            }
        }
        return tiers;
    }
}
