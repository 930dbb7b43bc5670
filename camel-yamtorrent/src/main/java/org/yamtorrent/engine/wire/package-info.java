/**
 * The peer wire protocol codec (BEP 3, with the reserved bits and messages of BEP 6 fast and BEP 10 extensions,
 * and BEP 52's hash request, hashes and hash reject over a {@link org.yamtorrent.engine.wire.HashRange}) and the
 * Netty transport under it. The session, which owns choking, the piece picker and connection state, sits
 * on top: it receives {@link org.yamtorrent.engine.wire.Handshake} and
 * {@link org.yamtorrent.engine.wire.PeerMessage} objects in {@code channelRead} and writes the same types.
 *
 * <p><b>Threads.</b> Every handler runs on the channel's event loop. Nothing here hashes or touches the disk,
 * and the session must not do either on the event loop. {@code Channel.write} is safe from any thread.
 *
 * <p><b>Buffer ownership.</b> A received {@code Piece} or {@code Extended} holds a retained slice of the read
 * buffer: its receiver calls {@code release()} when done, on any thread. A written message belongs to the channel,
 * which releases it once sent, even when the write fails.
 *
 * <p><b>Inbound backpressure.</b> The decoders buffer at most one partial frame (below
 * {@link org.yamtorrent.engine.wire.MessageDecoder#maxLength()}) plus one socket read; everything beyond is
 * handed on at once. When the session cannot take more blocks, e.g. its disk queue is full, it calls
 * {@code channel.config().setAutoRead(false)}: Netty stops reading the socket, the peer's TCP window fills and the
 * peer slows down. Messages already read still arrive. {@code setAutoRead(true)} resumes. A
 * {@link org.yamtorrent.engine.wire.ReadGate} keeps the reasons (the disk, a rate limit), so reading resumes only
 * once none holds it back.
 *
 * <p><b>Outbound backpressure.</b> Writes queue in the channel until the socket takes them. Once more than the
 * high water mark is queued {@code Channel.isWritable()} turns false and {@code channelWritabilityChanged} fires;
 * a seeding session stops reading blocks from disk until it turns true again. Batch small messages and flush
 * once per batch ({@link org.yamtorrent.engine.wire.MessageEncoder#writeBatch}).
 */
package org.yamtorrent.engine.wire;
