package org.yamtorrent.engine.dht;

import java.net.InetSocketAddress;

/** A node as the DHT passes it around: its id and the UDP address it answers on. */
public record Contact(NodeId id, InetSocketAddress address) {
}
