package org.yamtorrent.engine.tracker;

/** The {@code event} of an announce (BEP 3), with its HTTP name and its BEP 15 number. */
public enum AnnounceEvent {
    NONE("", 0),
    COMPLETED("completed", 1),
    STARTED("started", 2),
    STOPPED("stopped", 3);

    private final String httpName;
    private final int udpCode;

    AnnounceEvent(String httpName, int udpCode) {
        this.httpName = httpName;
        this.udpCode = udpCode;
    }

    /** The value of the HTTP {@code event} parameter; empty for {@link #NONE}, which sends no parameter. */
    public String httpName() {
        return httpName;
    }

    /** The value of the {@code event} field of a BEP 15 announce. */
    public int udpCode() {
        return udpCode;
    }

    /** The event named by an HTTP {@code event} parameter; absent, empty or unknown names are {@link #NONE}. */
    public static AnnounceEvent fromHttpName(String name) {
        for (AnnounceEvent e : values()) {
            if (e != NONE && e.httpName.equals(name)) {
                return e;
            }
        }
        return NONE;
    }
}
