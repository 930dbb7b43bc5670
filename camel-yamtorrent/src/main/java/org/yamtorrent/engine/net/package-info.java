/**
 * Peer addresses in the byte forms BitTorrent writes them (compact IPv4 and IPv6), shared by the tracker, PEX and
 * DHT code. Stateless; safe from any thread.
 */
package org.yamtorrent.engine.net;
