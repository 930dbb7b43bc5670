package org.yamtorrent.engine.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import org.yamtorrent.engine.metainfo.PathRules;

/**
 * The directory a torrent is stored in, and the only place storage may touch. Resolves a file's path components
 * below it, refusing anything that could escape: whatever {@link PathRules} refuses ("." and "..", empty
 * components, separators, NUL, drive letters like "C:"), checked again here in case a FileEntry did not come from
 * the reader, and any existing component below the directory that is a symbolic link (an attacker who can write into
 * the target directory could otherwise plant {@code name -> /elsewhere} and redirect our writes). The directory
 * itself may be a link; the caller chose it.
 *
 * <p>The link check runs just before a file is opened or created; the final component is also opened with
 * {@link LinkOption#NOFOLLOW_LINKS}, so only a link swapped into a parent between the check and the open could
 * slip through.
 */
final class TargetDirectory {

    private final Path root;

    TargetDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /**
     * Validates the components and joins them below the root, without touching the file system.
     *
     * @throws StorageException naming the path when a component is unsafe
     */
    Path resolve(List<String> components) {
        if (components.isEmpty()) {
            throw new StorageException("path: file has no path components");
        }
        Path p = root;
        for (String c : components) {
            String problem = PathRules.problem(c);
            if (problem != null) {
                throw new StorageException("path " + display(components) + " " + problem);
            }
            p = p.resolve(c);
        }
        // belt and braces: the checks above already make this impossible
        if (!p.normalize().startsWith(root)) {
            throw new StorageException("path " + display(components) + " leaves the target directory");
        }
        return p;
    }

    /**
     * The file's path if it exists as a regular file, null when it or a parent is missing.
     *
     * @throws StorageException when a component is unsafe, a link, or of the wrong type
     */
    Path existing(List<String> components) throws IOException {
        Path file = resolve(components);
        Path p = root;
        for (int i = 0; i < components.size(); i++) {
            p = p.resolve(components.get(i));
            BasicFileAttributes a = attributes(p);
            if (a == null) {
                return null;
            }
            checkType(components, i, a);
        }
        return file;
    }

    /**
     * The file's path with every parent directory present, creating the missing ones one at a time so each new
     * component is checked as well. The file itself is not created.
     *
     * @throws StorageException when a component is unsafe, a link, or of the wrong type
     */
    Path prepare(List<String> components) throws IOException {
        Path file = resolve(components);
        Files.createDirectories(root);
        Path p = root;
        for (int i = 0; i < components.size(); i++) {
            p = p.resolve(components.get(i));
            BasicFileAttributes a = attributes(p);
            if (a == null && i < components.size() - 1) {
                try {
                    Files.createDirectory(p);
                } catch (FileAlreadyExistsException raced) {
                    // created concurrently: the check below decides whether it is acceptable
                }
                a = attributes(p);
            }
            if (a != null) {
                checkType(components, i, a);
            }
        }
        return file;
    }

    /** The path relative to the root joined with '/', for messages. */
    private static String display(List<String> components) {
        StringBuilder sb = new StringBuilder();
        for (String c : components) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(printable(c));
        }
        return sb.toString();
    }

    private void checkType(List<String> components, int index, BasicFileAttributes a) {
        String where = "path " + display(components) + ": " + display(components.subList(0, index + 1));
        if (a.isSymbolicLink()) {
            throw new StorageException(where + " is a symbolic link; refusing to follow it out of " + root);
        }
        boolean last = index == components.size() - 1;
        if (!last && !a.isDirectory()) {
            throw new StorageException(where + " is not a directory");
        }
        if (last && !a.isRegularFile()) {
            throw new StorageException(where + " is not a regular file");
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String printable(String c) {
        return c.replace("\0", "\\0");
    }
}
