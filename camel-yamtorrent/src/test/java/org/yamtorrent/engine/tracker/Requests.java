package org.yamtorrent.engine.tracker;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.yamtorrent.engine.ExternalProgram;
import org.yamtorrent.engine.metainfo.InfoHash;

/** Test helpers for building announces. */
final class Requests {

    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");

    private Requests() {
    }

    /** A 20-byte peer id from a text of at most 20 characters, padded with '-'. */
    static byte[] peerId(String text) {
        StringBuilder s = new StringBuilder(text);
        while (s.length() < 20) {
            s.append('-');
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static AnnounceRequest request(InfoHash hash, String peer, int port, AnnounceEvent event) {
        return new AnnounceRequest(hash, peerId(peer), port, 1, 2, 3, event, 50, 0x1234abcd, null);
    }

    static AnnounceRequest request(String peer, int port) {
        return request(HASH, peer, port, AnnounceEvent.STARTED);
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** A TCP port on 127.0.0.1 that nobody listens on (bound, then released). */
    static int closedPort() throws Exception {
        return ExternalProgram.freeTcpPort();
    }
}
