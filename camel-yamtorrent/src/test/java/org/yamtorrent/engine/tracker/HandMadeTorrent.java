package org.yamtorrent.engine.tracker;

import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import org.yamtorrent.engine.bencode.RawBencode;
import org.yamtorrent.engine.metainfo.InfoHash;
import org.yamtorrent.engine.metainfo.Sha1;

/** A single-file .torrent bencoded by hand, so external clients can be pointed at a tracker of ours. */
record HandMadeTorrent(byte[] bytes, InfoHash infoHash) {

    static HandMadeTorrent singleFile(String announce, String name, byte[] data, int pieceLength) {
        byte[] pieces = new byte[(data.length + pieceLength - 1) / pieceLength * 20];
        for (int i = 0, at = 0; at < data.length; i++, at += pieceLength) {
            MessageDigest sha1 = Sha1.newDigest();
            sha1.update(data, at, Math.min(pieceLength, data.length - at));
            System.arraycopy(sha1.digest(), 0, pieces, i * 20, 20);
        }
        Map<String, Object> info = new TreeMap<>();
        info.put("length", data.length);
        info.put("name", name);
        info.put("piece length", pieceLength);
        info.put("pieces", pieces);
        byte[] infoBytes = RawBencode.encode(info);
        Map<String, Object> torrent = new TreeMap<>();
        torrent.put("announce", announce);
        torrent.put("info", info);
        return new HandMadeTorrent(RawBencode.encode(torrent), InfoHash.sha1(infoBytes, 0, infoBytes.length));
    }
}
