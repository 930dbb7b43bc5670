package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.extension.Extension;
import org.yamtorrent.engine.extension.ExtensionPeer;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.TestTorrents;

/** An extension registered on two sessions hears the other side's handshake and exchanges messages through it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExtensionProtocolTest {

    @TempDir
    Path tmp;

    /** Answers "ping" with "pong"; the leecher's copy pings as soon as it sees the peer supports it. */
    private static final class Echo implements Extension {
        final CompletableFuture<String> received = new CompletableFuture<>();
        final CompletableFuture<Object> theirField = new CompletableFuture<>();
        final boolean pings;

        Echo(boolean pings) {
            this.pings = pings;
        }

        @Override
        public String name() {
            return "yt_echo";
        }

        @Override
        public void addHandshakeFields(Map<String, Object> handshake) {
            handshake.put("echo_version", 7L);
        }

        @Override
        public void peerHandshake(ExtensionPeer peer, Map<String, Object> handshake) {
            theirField.complete(handshake.get("echo_version"));
            if (pings && peer.supports(name())) {
                peer.sendExtended(name(), text("ping"));
            }
        }

        @Override
        public void onMessage(ExtensionPeer peer, ByteBuf payload) {
            String s = payload.toString(StandardCharsets.US_ASCII);
            received.complete(s);
            if (s.equals("ping")) {
                peer.sendExtended(name(), text("pong"));
            }
        }

        private static ByteBuf text(String s) {
            return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void messagesTravelBothWaysThroughTheRegistry() throws Exception {
        byte[] payload = TestTorrents.randomBytes(64 * 1024, 3);
        Metainfo m = TestTorrents.singleFile("e.bin", payload, 16 * 1024);
        Path seedDir = tmp.resolve("seed");
        Files.createDirectories(seedDir);
        Files.write(seedDir.resolve("e.bin"), payload);
        Echo seederEcho = new Echo(false);
        Echo leecherEcho = new Echo(true);
        try (Session seeder = Session.open(Swarms.config(null));
             Session leecher = Session.open(Swarms.config(null))) {
            seeder.hooks().addExtension(t -> seederEcho);
            leecher.hooks().addExtension(t -> leecherEcho);
            seeder.add(m, seedDir, new TorrentOptions().useTrackers(false).seedForever());
            TorrentHandle t = leecher.add(m, tmp.resolve("leech"),
                    new TorrentOptions().useTrackers(false).addStaticPeer(Swarms.local(seeder)));
            assertEquals("ping", seederEcho.received.get(30, TimeUnit.SECONDS));
            assertEquals("pong", leecherEcho.received.get(30, TimeUnit.SECONDS));
            assertEquals(7L, seederEcho.theirField.get(30, TimeUnit.SECONDS));
            assertTrue(t.completion().get(30, TimeUnit.SECONDS) == t, "the download is unaffected");
        }
    }
}
