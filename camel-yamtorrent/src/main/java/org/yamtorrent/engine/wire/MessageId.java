package org.yamtorrent.engine.wire;

/**
 * The one-byte ids of peer wire messages: BEP 3 (0-8), BEP 5 port (9), BEP 6 fast extension (13-17) and the
 * BEP 10 extension protocol (20), BEP 52 hash transfer (21-23). Ints rather than an enum so a session can {@code switch} on
 * {@link PeerMessage#id()} without a lookup.
 */
public final class MessageId {

    /** Not on the wire: a keep-alive is a frame of length zero, which has no id byte. */
    public static final int KEEP_ALIVE = -1;
    public static final int CHOKE = 0;
    public static final int UNCHOKE = 1;
    public static final int INTERESTED = 2;
    public static final int NOT_INTERESTED = 3;
    public static final int HAVE = 4;
    public static final int BITFIELD = 5;
    public static final int REQUEST = 6;
    public static final int PIECE = 7;
    public static final int CANCEL = 8;
    public static final int PORT = 9;
    public static final int SUGGEST = 13;
    public static final int HAVE_ALL = 14;
    public static final int HAVE_NONE = 15;
    public static final int REJECT_REQUEST = 16;
    public static final int ALLOWED_FAST = 17;
    public static final int EXTENDED = 20;
    public static final int HASH_REQUEST = 21;
    public static final int HASHES = 22;
    public static final int HASH_REJECT = 23;

    private MessageId() {
    }

    /** The BEP name of an id, for error messages; "message id N" when we do not know it. */
    public static String name(int id) {
        return switch (id) {
            case KEEP_ALIVE -> "keep-alive";
            case CHOKE -> "choke";
            case UNCHOKE -> "unchoke";
            case INTERESTED -> "interested";
            case NOT_INTERESTED -> "not interested";
            case HAVE -> "have";
            case BITFIELD -> "bitfield";
            case REQUEST -> "request";
            case PIECE -> "piece";
            case CANCEL -> "cancel";
            case PORT -> "port";
            case SUGGEST -> "suggest piece";
            case HAVE_ALL -> "have all";
            case HAVE_NONE -> "have none";
            case REJECT_REQUEST -> "reject request";
            case ALLOWED_FAST -> "allowed fast";
            case EXTENDED -> "extended";
            case HASH_REQUEST -> "hash request";
            case HASHES -> "hashes";
            case HASH_REJECT -> "hash reject";
            default -> "message id " + id;
        };
    }
}
