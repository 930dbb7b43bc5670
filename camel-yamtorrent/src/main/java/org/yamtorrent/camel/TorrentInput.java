package org.yamtorrent.camel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoException;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * What a body or a dropped file names: a .torrent, or a magnet link whose metadata comes from peers. Exactly one of
 * {@code metainfo} and {@code magnet} is set.
 */
record TorrentInput(Metainfo metainfo, MagnetUri magnet) {

    /** The extension of a dropped file that holds one magnet link. */
    static final String MAGNET_SUFFIX = ".magnet";

    InfoHash infoHash() {
        return metainfo != null ? metainfo.infoHash() : magnet.infoHash();
    }

    /** The torrent's name, or for a magnet its {@code dn}, else its info-hash. */
    String name() {
        if (metainfo != null) {
            return metainfo.name();
        }
        return magnet.displayName() != null ? magnet.displayName() : magnet.infoHash().hex();
    }

    /** For a log line: the name with the size and info-hash, or that the metadata is still to come. */
    String describe() {
        return metainfo != null ? metainfo.name() + " (" + metainfo.totalLength() + " bytes, " + metainfo.infoHash() + ")"
                : "magnet " + magnet.infoHash().hex() + (magnet.displayName() != null ? " (" + magnet.displayName() + ")" : "")
                + ", fetching its metadata from peers";
    }

    /** Adds the torrent; a magnet's trackers, peers and name go into {@code options}. */
    TorrentHandle add(Session session, Path directory, TorrentOptions options) {
        return metainfo != null ? session.add(metainfo, directory, options)
                : session.add(magnet.infoHash(), directory, options.magnet(magnet));
    }

    /** The .torrent, for operations that need one (seed). */
    Metainfo requireMetainfo(String operation) {
        if (metainfo == null) {
            throw new TorrentException(operation + " needs a .torrent, not a magnet link (" + magnet.infoHash().hex() + ")");
        }
        return metainfo;
    }

    /**
     * A dropped file: {@code *.magnet} holds one magnet link, anything else is a .torrent.
     *
     * @throws MetainfoException naming what is wrong with it
     */
    static TorrentInput read(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(MAGNET_SUFFIX)) {
            if (Files.size(file) > MagnetUri.MAX_LENGTH) {
                throw new MetainfoException(file.getFileName() + " is longer than a magnet link can be ("
                        + MagnetUri.MAX_LENGTH + " characters)");
            }
            return magnet(Files.readString(file, StandardCharsets.UTF_8));
        }
        return new TorrentInput(new MetainfoReader().parse(file), null);
    }

    /** The body: a magnet link, .torrent bytes, a stream, or a file ({@code .magnet} or .torrent). */
    static TorrentInput of(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        MetainfoReader reader = new MetainfoReader();
        if (body instanceof String s && MagnetUri.isMagnet(s.strip())) {
            return magnet(s);
        }
        if (body instanceof byte[] bytes) {
            return new TorrentInput(reader.parse(bytes), null);
        }
        if (body instanceof InputStream in) {
            return new TorrentInput(reader.parse(in), null);
        }
        if (body instanceof File || body instanceof Path || body instanceof GenericFile || body instanceof String) {
            return read(path(exchange));
        }
        return new TorrentInput(reader.parse(exchange.getMessage().getMandatoryBody(byte[].class)), null);
    }

    private static TorrentInput magnet(String uri) {
        return new TorrentInput(null, MagnetUri.parse(uri.strip()));
    }

    static Path path(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Path p) {
            return p;
        }
        if (body instanceof GenericFile<?> g && g.getFile() instanceof File f) {
            return f.toPath();
        }
        if (body instanceof String s) {
            return Path.of(s);
        }
        return exchange.getMessage().getMandatoryBody(File.class).toPath();
    }
}
