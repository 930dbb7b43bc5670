package org.yamtorrent.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.MetainfoReader;

/** What a command was given to work on: a .torrent file, an http(s) URL of one, or a magnet link. */
final class TorrentSource {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private final String text;

    TorrentSource(String text) {
        this.text = text;
    }

    boolean isMagnet() {
        return MagnetUri.isMagnet(text);
    }

    MagnetUri magnet() {
        return MagnetUri.parse(text);
    }

    /** The metainfo of a .torrent file or URL; a magnet link's comes from peers (the session fetches it, BEP 9). */
    Metainfo metainfo() throws IOException, InterruptedException {
        MetainfoReader reader = new MetainfoReader();
        if (text.startsWith("http://") || text.startsWith("https://")) {
            return reader.parse(fetch(URI.create(text)));
        }
        return reader.parse(Path.of(text));
    }

    private static byte[] fetch(URI url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> reply = http.send(HttpRequest.newBuilder(url).timeout(HTTP_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = reply.body()) {
            if (reply.statusCode() != 200) {
                throw new TorrentException("cannot fetch the .torrent from " + url + ": HTTP " + reply.statusCode());
            }
            byte[] body = in.readNBytes(MetainfoReader.DEFAULT_MAX_BYTES + 1);
            if (body.length > MetainfoReader.DEFAULT_MAX_BYTES) {
                throw new TorrentException("the .torrent at " + url + " is larger than " + MetainfoReader.DEFAULT_MAX_BYTES + " bytes");
            }
            return body;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
