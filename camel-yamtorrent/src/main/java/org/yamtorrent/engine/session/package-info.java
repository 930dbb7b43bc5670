/**
 * The session core: a {@link org.yamtorrent.engine.session.Session} (one listening port, one peer id, shared
 * threads) and its torrents, each a {@link org.yamtorrent.engine.session.TorrentHandle} that exists from its
 * info-hash alone and gets its metadata from a .torrent or later through
 * {@link org.yamtorrent.engine.session.TorrentHandle#attachMetadata}.
 *
 * <h2>Who does what</h2>
 * <ul>
 * <li>{@code TorrentHandle}: the public face: state, listeners, controls; {@code Completion} decides when it is
 * complete and tells the listeners and the completion future.</li>
 * <li>{@code TorrentRun}: one run from start to pause: swarm, announcer, and once the data is checked the store,
 * picker and {@code PieceWriter}.</li>
 * <li>{@code Swarm}: the connected peers of a run and the dispatch of their messages to {@code PeerPieces}
 * (what each peer has, held before the metadata), the {@code Requester} (our requests, pipelines, endgame), the {@code Uploader} (choking with the {@code Choker},
 * queued requests, disk reads), {@code Haves} (bitfield, haves, super-seeding with {@code SuperSeed}),
 * {@code BlockSenders} (smart ban) and the {@code Dialer}.</li>
 * <li>{@code WebSeedFeed}: the run's web seeds ({@link org.yamtorrent.engine.webseed}) pick through the same
 * picker (as one more sender) and write through the same {@code PieceWriter}, so their pieces are verified and
 * blamed like a peer's.</li>
 * <li>{@code FileSelection}: the file priorities, handed to the picker (under the swarm's lock) and to the store
 * (on the torrent's disk queue, after the writes queued before); {@code Completion} then decides whether the
 * torrent is complete for its selection.</li>
 * <li>Kept across runs: the {@code AddressBook} (addresses by {@link org.yamtorrent.engine.session.PeerSource},
 * with back-off) and the {@code BanList}.</li>
 * <li>{@code PeerConnection}: one peer's state and its single ordered write path; {@code PeerHandler} is its
 * Netty handler. Its {@code ReadGate} pauses reading while the disk is behind ({@code Requester}) or the download
 * limit is in debt (the {@code ReadShaper} the handler adds at the handshake).</li>
 * <li>Bandwidth limits ({@link org.yamtorrent.engine.rate}): the session's {@code RateLimits} and each handle's,
 * made under them; the {@code Uploader} reads the next batch only when the torrent's upload throttle allows.</li>
 * <li>{@code Listeners}: the listening sockets, one per listen address (IPv4 and IPv6, BEP 7), on one port.
 * {@code Encryptor}: MSE/PE first in every peer pipeline, by the session's encryption policy, before the
 * connection hooks run.</li>
 * </ul>
 *
 * <h2>Threads, and which state each owns</h2>
 * <ul>
 * <li><b>Network event loops</b> (Netty, several): run {@code PeerHandler} for their channels and call into the
 * swarm. They never touch the disk and never wait for a lock that is held across I/O.</li>
 * <li><b>Disk pool</b> ({@code yamtorrent-disk-*}): opens and checks stores, writes and hashes blocks (one
 * torrent's writes in order through a {@code SerialExecutor}), reads blocks for uploads and for smart ban. Only
 * disk threads call the {@code PieceStore}'s I/O methods. When the session closes, each torrent's store closes
 * (saving its resume record) last on its own queue, the torrents in parallel; the closing thread waits for them in
 * {@code CloseWait}, which gives up only once none has finished for a while.</li>
 * <li><b>Timer</b> ({@code yamtorrent-timer}): the once-a-second tick (choking, pipelines, snubs, dialling) and
 * the announcers.</li>
 * <li><b>HTTP client threads</b> (the session's one web seed client): finish a web seed's range fetch and hand
 * its blocks to {@code WebSeedFeed}, which takes the swarm's lock for the bookkeeping and queues the blocks on the
 * disk writer, as an event loop does for a peer's; they never wait on the disk.</li>
 * <li><b>Callers</b>: any thread may call the public API; readers of a {@code PayloadStream} block on their own
 * monitor in {@code Streams}, never on an engine lock.</li>
 * </ul>
 *
 * <h2>Locks</h2>
 * <ul>
 * <li>The <b>swarm's lock</b> guards the peers, every {@code PeerConnection}'s fields, the picker and all the
 * swarm's parts. It is held for bookkeeping only: no I/O, no waiting, no listener. Disk work the swarm starts
 * (an upload read, reading blocks back to judge senders) runs outside it and takes it again to record the
 * result.</li>
 * <li>The <b>handle's lock</b> orders state changes and the run's start, pause and stop; it may take the swarm's
 * lock inside it (never the other way round) and is never held across I/O.</li>
 * <li>The <b>store's state lock</b> guards its verified bitfield only; its separate I/O lock, held across writes
 * and verification, is taken only by disk threads (see {@link org.yamtorrent.engine.storage}).</li>
 * <li>{@code LayerFetch} (BEP 52 piece layers of metadata from peers) locks only itself around its fetcher, on
 * the timer and on event loops; it sends, bans and hands on the layers (to a disk thread) after releasing it.</li>
 * <li>{@code AddressBook}, {@code BanList}, {@code Notifier}, {@code SerialExecutor} and the rate limits' token
 * buckets lock only themselves, briefly; a bucket may be charged under the swarm's lock (an upload batch).</li>
 * </ul>
 *
 * <h2>Ordering</h2>
 * <ul>
 * <li>Every message to a peer after the handshake goes through {@code PeerConnection.send}, which queues it on
 * the peer's event loop, so messages leave in the order the swarm decided them under its lock whatever thread
 * decided (choke, interest, have, request, cancel, reject, blocks, extended messages).</li>
 * <li>Listener calls and completion-future completions are posted to the torrent's {@code Notifier} under the
 * lock that decided them and run, in order, after it is released.</li>
 * <li>BEP 10 extensions are called on the peer's event loop outside the swarm's lock (see
 * {@link org.yamtorrent.engine.extension}).</li>
 * </ul>
 */
package org.yamtorrent.engine.session;
