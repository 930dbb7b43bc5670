/**
 * The mainline DHT (BEP 5), with IPv6 (BEP 32) and read-only nodes (BEP 43): {@link org.yamtorrent.engine.dht.DhtNode}
 * is one node on one UDP socket; {@link org.yamtorrent.engine.dht.KrpcCodec} reads and writes KRPC messages,
 * through {@link org.yamtorrent.engine.bencode.BencodeReader} only; {@link org.yamtorrent.engine.dht.RoutingTable}
 * and {@link org.yamtorrent.engine.dht.Bucket} are the k-buckets; {@link org.yamtorrent.engine.dht.Lookup} is one
 * iterative lookup; {@link org.yamtorrent.engine.dht.TokenStore} and {@link org.yamtorrent.engine.dht.PeerStore}
 * serve announce_peer; {@link org.yamtorrent.engine.dht.AddressGuard} rate-limits askers and keeps the port from
 * amplifying spoofed traffic; {@link org.yamtorrent.engine.dht.DhtState} saves the table.
 *
 * <h2>Threads</h2>
 * Each node's state belongs to its socket's Netty event loop; public methods of DhtNode post work to it. Nothing
 * on the event loop blocks: host names are resolved on a thread of their own, the saved table is written on the
 * common pool, and futures handed to callers complete on the common pool. The {@code onPeer} callbacks of lookups
 * run on the event loop and must only hand the peer on.
 *
 * <h2>Caps</h2>
 * Everything a stranger can make us keep is bounded: 160 x {@value org.yamtorrent.engine.dht.DhtNode#K} nodes and
 * as many replacements; a configured number of info-hashes and of peers per info-hash; 8192 tracked addresses;
 * 1024 queries of ours in flight; per lookup 128 candidates and 2000 peers; per received message 32 nodes per
 * family and 256 peers; one datagram of 64 KiB.
 */
package org.yamtorrent.engine.dht;
