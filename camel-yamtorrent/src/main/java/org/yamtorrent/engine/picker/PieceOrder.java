package org.yamtorrent.engine.picker;

/** Which missing piece to start next. */
public enum PieceOrder {
    /** First to last, so a consumer can stream the payload while it downloads. */
    IN_ORDER,
    /** The piece fewest peers have, so the swarm keeps every piece alive. */
    RAREST_FIRST
}
