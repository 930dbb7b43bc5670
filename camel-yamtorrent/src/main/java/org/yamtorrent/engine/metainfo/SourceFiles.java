package org.yamtorrent.engine.metainfo;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.TorrentCreator.Compat;

/**
 * The files below a directory that {@link TorrentCreator} puts in a torrent, in the order and with the skipping
 * rules of the chosen {@link Compat} (hidden and empty files, dangling links), each path checked by the same rules
 * the reader applies.
 */
final class SourceFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFiles.class);

    private SourceFiles() {
    }

    /** One file to put in the torrent: its path below the source, where it is, and its length when listed. */
    record Input(List<String> path, Path file, long length) {
    }

    static List<Input> walk(Path source, Compat compat) throws IOException {
        List<Input> inputs = new ArrayList<>();
        Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(source) && skipsHidden(dir, compat) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (attrs.isSymbolicLink()) {
                            // FOLLOW_LINKS reports a link's own attributes only when its target is missing
                            if (compat == Compat.MKTORRENT) {
                                throw new NoSuchFileException(file.toString(), null, "dangling symbolic link");
                            }
                            LOG.debug("skipping dangling symbolic link {}", file);
                        } else if (attrs.isRegularFile() && !skipsHidden(file, compat)
                                && !(compat == Compat.TRANSMISSION && attrs.size() == 0)) {
                            inputs.add(new Input(components(source, file), file, attrs.size()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof FileSystemLoopException) {
                            throw new FileSystemLoopException(file + " (a symbolic link loop)");
                        }
                        throw e;
                    }
                });
        Comparator<String> order = PathOrder.of(compat);
        inputs.sort(Comparator.comparing(in -> String.join("/", in.path()), order));
        return inputs;
    }

    private static boolean skipsHidden(Path p, Compat compat) {
        return compat == Compat.TRANSMISSION && p.getFileName().toString().startsWith(".");
    }

    private static List<String> components(Path source, Path file) {
        List<String> path = new ArrayList<>();
        for (Path c : source.relativize(file)) {
            String s = c.toString();
            String problem = PathRules.problem(s);
            if (problem != null) {
                throw new MetainfoException("file " + file + " cannot be put in a torrent: path " + problem);
            }
            path.add(s);
        }
        return path;
    }
}
