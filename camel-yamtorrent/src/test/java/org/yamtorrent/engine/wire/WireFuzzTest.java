package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Timeout;

/**
 * The peer wire decoders against a stranger's byte stream, fed in pieces as TCP might deliver it: only
 * {@link WireException} may come out of the pipeline, and the messages that do come out respect the limits the
 * session relies on.
 *
 * <p>Input layout: byte 0 picks the read size (1..256 bytes), bytes 1-2 the torrent's piece count (big-endian),
 * the rest is the stream.
 */
class WireFuzzTest {

    private static final int HEADER = 3;

    @FuzzTest
    @Timeout(10)
    void messages(byte[] data) {
        if (data.length < HEADER) {
            return;
        }
        int pieceCount = pieceCount(data);
        feed(data, pieceCount, new MessageDecoder(pieceCount));
    }

    /**
     * From the first byte of a connection: the handshake decoder hands over to a message decoder sized by the
     * torrent the handshake names. Info-hashes with an odd first byte are "not served" and refused.
     */
    @FuzzTest
    @Timeout(10)
    void handshake(byte[] data) {
        if (data.length < HEADER) {
            return;
        }
        int pieceCount = pieceCount(data);
        ToIntFunction<Handshake> torrents = h -> {
            if ((h.infoHash().bytes()[0] & 1) != 0) {
                throw new WireException("handshake for info-hash " + h.infoHash() + ", which we do not serve");
            }
            return pieceCount;
        };
        feed(data, pieceCount, new HandshakeDecoder(torrents, Duration.ofSeconds(30)));
    }

    private static int pieceCount(byte[] data) {
        return (data[1] & 0xff) << 8 | data[2] & 0xff;
    }

    private static void feed(byte[] data, int pieceCount, ChannelHandler decoder) {
        int chunk = (data[0] & 0xff) + 1;
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<Object> out = new ArrayList<>();
        try {
            for (int at = HEADER; at < data.length && channel.isOpen(); at += chunk) {
                int n = Math.min(chunk, data.length - at);
                try {
                    channel.writeInbound(Unpooled.copiedBuffer(data, at, n));
                } catch (WireException expected) {
                    assertTrue(!channel.isOpen(), "a rejected peer's channel is closed");
                }
                for (Object m; (m = channel.readInbound()) != null; ) {
                    out.add(m);
                }
            }
            out.forEach(m -> check(m, pieceCount));
        } finally {
            out.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
        }
    }

    private static void check(Object m, int pieceCount) {
        if (m instanceof PeerMessage.Piece p) {
            assertTrue(p.length() > 0 && p.length() <= MessageDecoder.MAX_BLOCK_LENGTH, "block length " + p.length());
            assertTrue(p.index() >= 0 && p.begin() >= 0);
        } else if (m instanceof PeerMessage.Bitfield b) {
            try {
                assertTrue(b.toBitfield(pieceCount).size() == pieceCount);
            } catch (WireException expected) {
                // wrong length or spare bits: the session drops the peer
            }
        } else if (m instanceof PeerMessage.Request r) {
            assertTrue(r.index() >= 0 && r.begin() >= 0 && r.length() >= 0);
        } else if (m instanceof PeerMessage.Have h) {
            assertTrue(h.index() >= 0);
        } else {
            assertTrue(m instanceof PeerMessage || m instanceof Handshake, "decoded " + m.getClass());
        }
    }
}
