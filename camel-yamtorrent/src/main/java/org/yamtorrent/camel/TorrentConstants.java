package org.yamtorrent.camel;

import org.apache.camel.spi.Metadata;

/** The headers the torrent component reads and writes. */
public final class TorrentConstants {

    @Metadata(description = "The torrent's info-hash, 40 lowercase hex digits.", javaType = "String")
    public static final String INFO_HASH = "CamelTorrentInfoHash";
    @Metadata(description = "The BEP 52 (v2) info-hash of a hybrid or v2 torrent, 64 lowercase hex digits; for a "
                            + "v2-only torrent CamelTorrentInfoHash holds its first 20 bytes, as peers see it.",
              javaType = "String")
    public static final String INFO_HASH_V2 = "CamelTorrentInfoHashV2";
    @Metadata(description = "The torrent's name (info.name).", javaType = "String")
    public static final String NAME = "CamelTorrentName";
    @Metadata(description = "Index of this payload file within the torrent, counting from 0 (pad files excluded); "
                            + "the index the files option and CamelTorrentFiles use.",
              javaType = "Integer")
    public static final String FILE_INDEX = "CamelTorrentFileIndex";
    @Metadata(description = "How many payload files the exchange carries: the torrent's (pad files excluded), or "
                            + "those selected by the files option or CamelTorrentFiles.", javaType = "Integer")
    public static final String FILE_COUNT = "CamelTorrentFileCount";
    @Metadata(label = "producer", description = "download: only these files, overriding the endpoint's files "
                                                + "option for this exchange; the same syntax (e.g. 0,2-3 or "
                                                + "*.iso,docs/**).",
              javaType = "String")
    public static final String FILES = "CamelTorrentFiles";
    @Metadata(description = "Length of this payload file in bytes.", javaType = "Long")
    public static final String FILE_LENGTH = "CamelTorrentFileLength";
    @Metadata(description = "Total payload length of the torrent in bytes.", javaType = "Long")
    public static final String TOTAL_LENGTH = "CamelTorrentTotalLength";
    @Metadata(description = "How long the download took, in milliseconds.", javaType = "Long")
    public static final String DURATION = "CamelTorrentDuration";
    @Metadata(description = "Payload bytes received from peers for this torrent.", javaType = "Long")
    public static final String DOWNLOADED = "CamelTorrentDownloaded";
    @Metadata(description = "Payload bytes sent to peers for this torrent.", javaType = "Long")
    public static final String UPLOADED = "CamelTorrentUploaded";
    @Metadata(label = "producer", description = "Overrides the endpoint's download directory for this exchange.",
              javaType = "String")
    public static final String DIRECTORY = "CamelTorrentDirectory";
    @Metadata(description = "The file's path as other clients lay it out: <name> for a single-file torrent, "
                            + "<name>/<path...> for a multi-file one; for create, <name>.torrent.",
              javaType = "String")
    public static final String FILE_NAME = "CamelFileName";

    private TorrentConstants() {
    }
}
