package org.yamtorrent.engine.lsd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * A BEP 14 announce: {@code BT-SEARCH * HTTP/1.1} with Host, Port, one or more Infohash headers and a cookie. Read
 * from strangers on the LAN, so the size and the number of info-hashes are capped; headers we do not know are
 * skipped, as the BEP asks.
 *
 * @param port       the TCP port the announcer takes peers on
 * @param infoHashes the torrents it announces
 * @param cookie     its opaque cookie, or "" (we filter out our own announces by it)
 */
public record LsdMessage(int port, List<InfoHash> infoHashes, String cookie) {

    /** The BEP's limit for one announce with several info-hashes, against fragmentation. */
    public static final int MAX_BYTES = 1400;
    static final int MAX_INFO_HASHES = 24;

    public LsdMessage {
        infoHashes = List.copyOf(infoHashes);
    }

    /** The announce as sent to the group {@code host} ({@code 239.192.152.143:6771} or {@code [ff15::efc0:988f]:6771}). */
    public byte[] encode(String host) {
        StringBuilder b = new StringBuilder("BT-SEARCH * HTTP/1.1\r\nHost: ").append(host).append("\r\nPort: ")
                .append(port).append("\r\n");
        for (InfoHash ih : infoHashes) {
            b.append("Infohash: ").append(ih.hex()).append("\r\n");
        }
        if (!cookie.isEmpty()) {
            b.append("cookie: ").append(cookie).append("\r\n");
        }
        b.append("\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses one datagram. */
    public static LsdMessage decode(byte[] datagram, int length) {
        if (length > 4 * MAX_BYTES) {
            throw new LsdException("lsd: " + length + "-byte datagram");
        }
        String text = new String(datagram, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n", -1);
        if (!lines[0].equals("BT-SEARCH * HTTP/1.1")) {
            throw new LsdException("lsd: not a BT-SEARCH announce");
        }
        int port = -1;
        List<InfoHash> hashes = new ArrayList<>();
        String cookie = "";
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                throw new LsdException("lsd: header line without a colon");
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "port" -> port = port(value);
                case "infohash" -> {
                    if (hashes.size() < MAX_INFO_HASHES) {
                        hashes.add(infoHash(value));
                    }
                }
                case "cookie" -> cookie = value.length() > 64 ? value.substring(0, 64) : value;
                default -> {
                    // Host and anything newer: not needed to reach the peer
                }
            }
        }
        if (port < 0 || hashes.isEmpty()) {
            throw new LsdException("lsd: announce without " + (port < 0 ? "a port" : "an info-hash"));
        }
        return new LsdMessage(port, hashes, cookie);
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 1 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new LsdException("lsd: port '" + (value.length() > 10 ? value.substring(0, 10) : value) + "'");
    }

    private static InfoHash infoHash(String value) {
        if (value.length() != 2 * InfoHash.LENGTH) {
            throw new LsdException("lsd: info-hash of " + value.length() + " characters, not 40");
        }
        try {
            return InfoHash.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw new LsdException("lsd: info-hash is not hex");
        }
    }
}
