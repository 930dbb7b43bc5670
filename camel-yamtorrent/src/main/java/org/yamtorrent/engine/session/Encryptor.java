package org.yamtorrent.engine.session;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.wire.Encryption;
import org.yamtorrent.engine.wire.MseHandler;
import org.yamtorrent.engine.wire.SkeyLookup;

/**
 * Puts MSE/PE ({@link MseHandler}) first in each peer connection's pipeline, as the session's {@link Encryption}
 * policy says. Every incoming connection gets a responder, which tells a plaintext handshake from an MSE one by
 * its first bytes and finds the torrent among the session's by {@code HASH('req2', SKEY)}. A dial gets an
 * initiator keyed by the torrent's info-hash, unless the policy is {@code DISABLE}, or it is {@code PREFER} and the
 * address hung up on an encrypted attempt before: then it goes in plaintext, and the first such hang-up makes the
 * address due again at once ({@link AddressBook#encryptionRefused}).
 *
 * <p>The RC4 codec that replaces the handler sits next to the head, so handlers added after this one with
 * {@code addBefore("encoder", ...)} (e.g. traffic shaping) see plaintext and count payload bytes.
 * Called on the channel's event loop, before the connection hooks.
 */
final class Encryptor {

    private static final Logger LOG = LoggerFactory.getLogger(Encryptor.class);

    private final Encryption policy;
    private final SkeyLookup lookup;

    Encryptor(Encryption policy, Supplier<List<TorrentHandle>> torrents) {
        this.policy = policy;
        this.lookup = SkeyLookup.among(() -> {
            List<byte[]> skeys = new ArrayList<>();
            for (TorrentHandle t : torrents.get()) {
                skeys.add(t.infoHash().bytes());
            }
            return skeys;
        });
    }

    /**
     * @param dialled the torrent we dial for, null for an incoming connection
     * @param address the address dialled (null for an incoming connection)
     */
    void initChannel(Channel channel, TorrentHandle dialled, InetSocketAddress address) {
        if (dialled == null) {
            channel.pipeline().addFirst(MseHandler.NAME, MseHandler.responder(policy, lookup));
            return;
        }
        AddressBook book = dialled.addressBook();
        if (policy == Encryption.DISABLE || policy == Encryption.PREFER && book.plaintextOnly(address)) {
            return;
        }
        MseHandler mse = MseHandler.initiator(policy, dialled.infoHash().bytes());
        channel.pipeline().addFirst(MseHandler.NAME, mse);
        if (policy == Encryption.PREFER) {
            channel.closeFuture().addListener(f -> {
                if (mse.abandoned()) {
                    LOG.debug("{}: hung up on our encrypted handshake; trying plaintext", address);
                    book.encryptionRefused(address);
                }
            });
        }
    }
}
