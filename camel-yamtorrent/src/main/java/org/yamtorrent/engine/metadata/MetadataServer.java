package org.yamtorrent.engine.metadata;

import java.util.Arrays;

import org.yamtorrent.engine.metainfo.Metainfo;

/**
 * Answers peers' ut_metadata requests from our verified info dictionary (BEP 9), in 16 KiB pieces. A private
 * torrent (BEP 27) hands its metadata to nobody: every request is rejected. Stateless after construction, so any
 * thread may call it.
 */
public final class MetadataServer {

    private final byte[] info;
    private final boolean privateTorrent;

    public MetadataServer(Metainfo metainfo) {
        this.info = metainfo.rawInfo();
        this.privateTorrent = metainfo.isPrivate();
    }

    /** What we announce as {@code metadata_size} in our extension handshake; 0 (announce none) when private. */
    public int metadataSize() {
        return privateTorrent ? 0 : info.length;
    }

    /** The data for the requested piece, or a reject when it does not exist or the torrent is private. */
    public MetadataMessage answer(MetadataMessage.Request request) {
        int piece = request.piece();
        long start = (long) piece * MetadataMessage.PIECE_SIZE;
        if (privateTorrent || start >= info.length) {
            return new MetadataMessage.Reject(piece);
        }
        int end = (int) Math.min(info.length, start + MetadataMessage.PIECE_SIZE);
        return new MetadataMessage.Data(piece, info.length, Arrays.copyOfRange(info, (int) start, end));
    }
}
