package org.yamtorrent.engine.session;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.MagnetUri;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.picker.FilePriority;

/**
 * Which files of a torrent to download, written as text: a comma-separated list of file indexes ({@code 3}),
 * inclusive index ranges ({@code 0-2}) and glob patterns on the file's path inside the torrent ({@code *.iso},
 * {@code docs/**}). Indexes count the torrent's files from 0 in its order, BEP 47 pad files left out (as
 * {@code CamelTorrentFileIndex} does). A pattern without {@code /} matches the file name in any directory; one with
 * {@code /} matches the whole path below the torrent's name ({@code *} stays within a directory, {@code **}
 * crosses them, as in {@link java.nio.file.FileSystem#getPathMatcher}). The selected files get
 * {@link FilePriority#NORMAL}, the others {@link FilePriority#SKIP}.
 *
 * <p>{@link #of(MagnetUri)} reads BEP 53's {@code so=} instead, whose indexes count the info dictionary's file list
 * as it is, pad files included. Use an instance as {@link TorrentOptions#filePriorities(Function)}; it checks its
 * items against the metadata once that is known.
 */
public final class FileSelector implements Function<Metainfo, List<FilePriority>> {

    /** One item: an index range, or a pattern (then {@code first} is -1). */
    private record Item(String text, int first, int last, PathMatcher glob, boolean byName) {
    }

    private final String spec;
    private final List<Item> items;
    /** Whether indexes count pad files too (BEP 53). */
    private final boolean rawIndexes;

    private FileSelector(String spec, List<Item> items, boolean rawIndexes) {
        this.spec = spec;
        this.items = List.copyOf(items);
        this.rawIndexes = rawIndexes;
    }

    /**
     * Reads a selection such as {@code 0,2-3} or {@code *.iso,docs/**}.
     *
     * @throws FileSelectionException naming the item that is not an index, a range or a valid pattern
     */
    public static FileSelector parse(String spec) {
        List<Item> items = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String s = raw.strip();
            if (s.isEmpty()) {
                throw new FileSelectionException("file selection '" + spec + "' has an empty item");
            }
            items.add(s.matches("\\d+(-\\d+)?") ? range(spec, s) : pattern(spec, s));
        }
        return new FileSelector(spec, items, false);
    }

    /** The files a magnet link's {@code so=} selects (BEP 53), or null when it has none (every file). */
    public static FileSelector of(MagnetUri magnet) {
        if (magnet.selectedFiles().isEmpty()) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        for (MagnetUri.FileRange r : magnet.selectedFiles()) {
            items.add(new Item(r.first() == r.last() ? "" + r.first() : r.first() + "-" + r.last(), r.first(),
                    r.last(), null, false));
        }
        return new FileSelector("so=" + String.join(",", items.stream().map(Item::text).toList()), items, true);
    }

    /**
     * One priority per {@code m.files()} entry: NORMAL for the selected files, SKIP for the rest.
     *
     * @throws FileSelectionException naming an index beyond the torrent's files, or a pattern that matches none
     */
    @Override
    public List<FilePriority> apply(Metainfo m) {
        List<Integer> files = new ArrayList<>();
        for (int i = 0; i < m.files().size(); i++) {
            if (rawIndexes || !m.files().get(i).isPadding()) {
                files.add(i);
            }
        }
        List<FilePriority> out = new ArrayList<>(Collections.nCopies(m.files().size(), FilePriority.SKIP));
        for (Item item : items) {
            if (item.glob() == null) {
                if (item.last() >= files.size()) {
                    throw new FileSelectionException(m.name() + ": file index " + item.last() + " (in " + spec
                            + ") is out of range: the torrent has files 0.." + (files.size() - 1));
                }
                for (int i = item.first(); i <= item.last(); i++) {
                    out.set(files.get(i), FilePriority.NORMAL);
                }
            } else if (!selectMatches(m, item, files, out)) {
                throw new FileSelectionException(m.name() + ": file pattern '" + item.text() + "' (in " + spec
                        + ") matches no file of the torrent");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return spec;
    }

    private static boolean selectMatches(Metainfo m, Item item, List<Integer> files, List<FilePriority> out) {
        boolean any = false;
        for (int i : files) {
            FileEntry f = m.files().get(i);
            if (f.isPadding()) {
                continue;
            }
            List<String> inside = m.isSingleFile() ? f.path() : f.path().subList(1, f.path().size());
            Path path = item.byName() ? Path.of(inside.get(inside.size() - 1)) : Path.of("", inside.toArray(String[]::new));
            if (item.glob().matches(path)) {
                out.set(i, FilePriority.NORMAL);
                any = true;
            }
        }
        return any;
    }

    private static Item range(String spec, String s) {
        int dash = s.indexOf('-');
        try {
            int first = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(s.substring(dash + 1));
            if (last < first) {
                throw new FileSelectionException("file selection '" + spec + "': range " + s + " ends before it starts");
            }
            return new Item(s, first, last, null, false);
        } catch (NumberFormatException e) {
            throw new FileSelectionException("file selection '" + spec + "': index " + s + " is too large");
        }
    }

    private static Item pattern(String spec, String s) {
        try {
            return new Item(s, -1, -1, FileSystems.getDefault().getPathMatcher("glob:" + s), s.indexOf('/') < 0);
        } catch (IllegalArgumentException e) { // PatternSyntaxException among them
            throw new FileSelectionException("file selection '" + spec + "': pattern '" + s + "' is not a valid glob: "
                    + e.getMessage());
        }
    }
}
