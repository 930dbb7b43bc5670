package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.yamtorrent.engine.wire.Feature;
import org.yamtorrent.engine.wire.MessageEncoder;

/** Peers on Netty's EmbeddedChannel, for driving the swarm's parts directly and reading what they sent. */
final class TestPeers {

    private TestPeers() {
    }

    /** A handshaken peer (fast and extension bits set) whose writes are encoded as on a real connection. */
    static PeerConnection peer(int port) {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder());
        byte[] id = String.format("-XX0000-%012d", port).getBytes(StandardCharsets.US_ASCII);
        return new PeerConnection(null, channel, new InetSocketAddress("10.0.0.1", port), id,
                EnumSet.of(Feature.FAST, Feature.EXTENSION_PROTOCOL), false, PeerSource.STATIC);
    }

    /** The ids of the messages the peer was sent since the last call (-1 for a keep-alive), in order. */
    static List<Integer> sent(PeerConnection p) {
        EmbeddedChannel channel = (EmbeddedChannel) p.channel;
        channel.runPendingTasks();
        List<Integer> ids = new ArrayList<>();
        ByteBuf all = channel.alloc().buffer();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        while (all.readableBytes() >= 4) {
            int length = all.readInt();
            if (length == 0) {
                ids.add(-1);
                continue;
            }
            ids.add((int) all.readUnsignedByte());
            all.skipBytes(length - 1);
        }
        all.release();
        return ids;
    }
}
