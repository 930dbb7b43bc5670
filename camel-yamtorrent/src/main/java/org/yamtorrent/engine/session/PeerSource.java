package org.yamtorrent.engine.session;

/** Where we learned of a peer's address; shown per peer and kept in the {@link AddressBook}. */
public enum PeerSource {
    /** A tracker's announce reply. */
    TRACKER,
    /** The BEP 5 DHT. */
    DHT,
    /** Another peer, through BEP 11 peer exchange. */
    PEX,
    /** BEP 14 local service discovery. */
    LSD,
    /** Given by the user: {@link TorrentOptions#addStaticPeer}, a magnet's {@code x.pe}, or {@link TorrentHandle#addPeers}. */
    STATIC,
    /** It dialled us. */
    INCOMING
}
