package org.yamtorrent.engine.metainfo;

import java.util.regex.Pattern;

/**
 * What a name or path component from a torrent may be. A torrent comes from strangers, so anything that could
 * leave the download directory or mean something special to a file system is refused here, before any write.
 */
public final class PathRules {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final int MAX_COMPONENT_BYTES = 255;

    private PathRules() {
    }

    /**
     * Returns {@code component} when it is safe as one path component, else throws a MetainfoException that names
     * {@code field}.
     */
    public static String component(String field, String component) {
        String problem = problem(component);
        if (problem != null) {
            throw new MetainfoException(field + " " + problem);
        }
        return component;
    }

    /** Why {@code c} is not a safe path component, or null when it is. */
    public static String problem(String c) {
        if (c.isEmpty()) {
            return "has an empty component";
        }
        if (c.equals("..")) {
            return "contains '..'";
        }
        if (c.equals(".")) {
            return "contains '.'";
        }
        if (c.indexOf('\0') >= 0) {
            return "contains a NUL byte";
        }
        if (c.indexOf('/') >= 0 || c.indexOf('\\') >= 0) {
            return "component '" + c + "' contains a path separator";
        }
        if (DRIVE.matcher(c).matches()) {
            return "component '" + c + "' starts with a drive letter";
        }
        if (c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            return "has a component longer than " + MAX_COMPONENT_BYTES + " bytes";
        }
        return null;
    }
}
