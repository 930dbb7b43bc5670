/**
 * The BEP 10 extension protocol: the registry through which every extension (ut_metadata, ut_pex, and later ones)
 * plugs in, and the extension handshake.
 *
 * <p><b>How an extension plugs in.</b> Implement {@link org.yamtorrent.engine.extension.Extension} and register a
 * factory with {@code session.hooks().addExtension(torrent -> new MyExtension(torrent))} before adding torrents; the
 * factory runs once per torrent (return null to stay out of one, e.g. PEX on a private torrent) and the torrent's
 * {@link org.yamtorrent.engine.extension.ExtensionRegistry} numbers the extensions in that order. The registry
 * writes our {@code m} dictionary and asks each extension for its other handshake fields; when a peer's handshake
 * arrives each extension hears of it, and an extended message carrying one of our ids goes to that extension.
 * An extension answers through {@link org.yamtorrent.engine.extension.ExtensionPeer#sendExtended}, which uses the
 * peer's id for the extension and the peer's single ordered write path.
 *
 * <p><b>Threads.</b> An extension is called on the event loop of the peer concerned, never under an engine lock;
 * several peers call it at once. It must not block (no disk I/O, no waiting): hand slow work to another thread.
 *
 * <p><b>Untrusted input.</b> Payloads are the peer's bytes: decode bencode only with
 * {@link org.yamtorrent.engine.bencode.BencodeReader}, cap every size before allocating, and throw
 * {@link org.yamtorrent.engine.wire.WireException} to drop a peer that sent garbage.
 */
package org.yamtorrent.engine.extension;
