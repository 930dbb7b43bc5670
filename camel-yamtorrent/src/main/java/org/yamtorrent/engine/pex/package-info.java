/**
 * BEP 11 (ut_pex): peers exchanged with peers. {@link org.yamtorrent.engine.pex.PexMessage} is the codec,
 * {@link org.yamtorrent.engine.pex.PexReceiver} caps what one peer can make us learn,
 * {@link org.yamtorrent.engine.pex.PexSender} makes the added/dropped diffs for one peer, once a minute at most.
 * Never used on a private torrent, nor on one whose metadata (and so whose private flag) is not known yet.
 *
 * <p>Threading: a receiver and a sender belong to the thread that handles their peer's connection; neither blocks
 * nor locks. The codec is stateless.
 */
package org.yamtorrent.engine.pex;
