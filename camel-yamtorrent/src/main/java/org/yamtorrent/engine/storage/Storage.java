package org.yamtorrent.engine.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.PieceGeometry;

/**
 * Positional reads and writes of payload ranges on a torrent's files. Files are created on the first write to
 * them (parents too), BEP 47 pad files never: their bytes read as zeros and writes to them are dropped. A file that
 * is not selected and does not exist is never created: its bytes (only those of pieces it shares with a selected
 * file are ever fetched) live in the {@link PartFile}, and move into the file once it is selected. Keeps a small LRU
 * cache of open channels, within the {@link OpenFileBudget} all torrents share. One lock per torrent serialises the
 * I/O calls; they are short (a block or a hashing chunk) and the hashing itself runs outside it.
 */
final class Storage implements Closeable {

    /** A file's size and modification time as the resume record compares them; {@link #ABSENT} when missing. */
    record FileState(long size, long modifiedMillis) {
        static final FileState ABSENT = new FileState(-1, -1);
    }

    private static final byte[] ZEROS = new byte[8192];

    private final TargetDirectory dir;
    private final PieceGeometry layout;
    private final OpenChannels open;
    private final OpenFileBudget budget;
    private final PartFile part;
    /** The files whose bytes live in the part file: not selected, and absent when they were deselected. */
    private final Bitfield parted;
    private boolean closed;

    /** @param partFile where the bytes of files that are not selected live (see {@link PartFile}) */
    Storage(TargetDirectory dir, PieceGeometry layout, int maxOpenFiles, OpenFileBudget budget, Path partFile) {
        if (maxOpenFiles < 1) {
            throw new IllegalArgumentException("maxOpenFiles " + maxOpenFiles + " is below 1");
        }
        this.dir = dir;
        this.layout = layout;
        this.budget = budget;
        this.part = new PartFile(partFile);
        this.parted = new Bitfield(layout.files().size());
        this.open = new OpenChannels(this, dir, layout, maxOpenFiles, budget);
    }

    PieceGeometry layout() {
        return layout;
    }

    /**
     * Fills {@code dst} from its position to its limit with payload bytes from {@code payloadOffset}; pad files
     * read as zeros.
     *
     * @throws StorageException naming the file when one is missing or shorter than the torrent says
     */
    void read(long payloadOffset, ByteBuffer dst) {
        read(payloadOffset, dst, true);
        budget.trim();
    }

    /**
     * Like {@link #read(long, ByteBuffer)}, but missing or short files read as zeros too.
     *
     * @return true when every byte outside pad files came from a file
     */
    boolean readOrZero(long payloadOffset, ByteBuffer dst) {
        boolean complete = read(payloadOffset, dst, false);
        budget.trim();
        return complete;
    }

    private synchronized boolean read(long payloadOffset, ByteBuffer dst, boolean strict) {
        ensureOpen();
        boolean complete = true;
        int limit = dst.limit();
        PieceGeometry.Span span = null;
        try {
            for (PieceGeometry.Span s : layout.spans(payloadOffset, dst.remaining())) {
                span = s;
                dst.limit(dst.position() + s.length());
                if (s.file().isPadding()) {
                    zero(dst);
                    continue;
                }
                if (parted.get(s.fileIndex())) {
                    boolean held = part.read(s.file().offset() + s.fileOffset(), dst);
                    if (!held && strict) {
                        throw new StorageException("read " + s.file().relativePath() + " at " + s.fileOffset()
                                + ": the part file " + part.path() + " lacks it");
                    }
                    complete &= held;
                    continue;
                }
                FileChannel ch = channel(s.fileIndex(), false);
                if (ch == null || !readFully(ch, dst, s.fileOffset())) {
                    if (strict) {
                        throw new StorageException("read " + s.file().relativePath() + " at " + s.fileOffset()
                                + ": the file is " + (ch == null ? "missing" : "shorter than " + s.file().length()
                                + " bytes"));
                    }
                    complete = false;
                    zero(dst);
                }
            }
        } catch (IOException e) {
            throw failure("read", span, e);
        } finally {
            dst.limit(limit);
        }
        return complete;
    }

    /** Writes {@code src} from its position to its limit at {@code payloadOffset}, skipping pad files. */
    void write(long payloadOffset, ByteBuffer src) {
        writeLocked(payloadOffset, src);
        budget.trim();
    }

    /**
     * Writes {@code count} buffers back to back from {@code payloadOffset}. Where they all fall in one file, that is
     * one gathering write: for a GiB in 1 MiB runs it took 170-185 ms of CPU here, against 450-500 ms for a write per
     * 16 KiB block. Nothing else uses a channel's position (every other call is positional), so setting it is safe.
     */
    void write(long payloadOffset, ByteBuffer[] srcs, int count) {
        writeLocked(payloadOffset, srcs, count);
        budget.trim();
    }

    private synchronized void writeLocked(long payloadOffset, ByteBuffer[] srcs, int count) {
        ensureOpen();
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += srcs[i].remaining();
        }
        List<PieceGeometry.Span> spans = layout.spans(payloadOffset, Math.toIntExact(total));
        PieceGeometry.Span s = spans.get(0);
        if (spans.size() > 1 || s.file().isPadding() || parted.get(s.fileIndex())) {
            long at = payloadOffset;
            for (int i = 0; i < count; i++) {
                int n = srcs[i].remaining();
                writeLocked(at, srcs[i]);
                at += n;
            }
            return;
        }
        try {
            FileChannel ch = channel(s.fileIndex(), true);
            ch.position(s.fileOffset());
            for (long left = total; left > 0; ) {
                left -= ch.write(srcs, 0, count);
            }
        } catch (IOException e) {
            throw failure("write", s, e);
        }
    }

    private synchronized void writeLocked(long payloadOffset, ByteBuffer src) {
        ensureOpen();
        int limit = src.limit();
        PieceGeometry.Span span = null;
        try {
            for (PieceGeometry.Span s : layout.spans(payloadOffset, src.remaining())) {
                span = s;
                src.limit(src.position() + s.length());
                if (s.file().isPadding()) {
                    src.position(src.limit());
                    continue;
                }
                if (parted.get(s.fileIndex())) {
                    part.write(s.file().offset() + s.fileOffset(), src);
                    continue;
                }
                FileChannel ch = channel(s.fileIndex(), true);
                long pos = s.fileOffset();
                while (src.hasRemaining()) {
                    pos += ch.write(src, pos);
                }
            }
        } catch (IOException e) {
            throw failure("write", span, e);
        } finally {
            src.limit(limit);
        }
    }

    /** Creates the selected zero-length files, which no write ever touches. */
    synchronized void createEmptyFiles(Bitfield selected) {
        ensureOpen();
        for (int i = selected.nextSet(0); i >= 0; i = selected.nextSet(i + 1)) {
            FileEntry f = layout.files().get(i);
            if (f.length() == 0 && !f.isPadding()) {
                try {
                    Path p = dir.prepare(f.path());
                    FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                            LinkOption.NOFOLLOW_LINKS).close();
                } catch (IOException e) {
                    throw new StorageException("create " + f.relativePath() + ": " + describe(e), e);
                }
            }
        }
    }

    /**
     * At open, before anything is read: a file that does not exist may have bytes in the part file from an earlier
     * selection, so its bytes are looked for there until {@link #select} says otherwise.
     */
    synchronized void partAbsentFiles() {
        FileEntry f = null;
        try {
            for (int i = 0; i < parted.size(); i++) {
                f = layout.files().get(i);
                if (!f.isPadding() && f.length() > 0 && dir.existing(f.path()) == null) {
                    parted.set(i);
                }
            }
        } catch (IOException e) {
            throw new StorageException("stat " + f.relativePath() + ": " + describe(e), e);
        }
    }

    /**
     * Makes {@code selected} (one bit per file) the files to write: a selected file whose bytes lived in the part
     * file gets them copied in (created), a file deselected before it existed has its bytes go to the part file
     * from now on, and a part file nothing lives in any more is deleted. A deselected file that exists stays and is
     * written on: nothing on disk is thrown away.
     */
    synchronized void select(Bitfield selected, Bitfield verified) {
        ensureOpen();
        FileEntry f = null;
        try {
            for (int i = 0; i < parted.size(); i++) {
                f = layout.files().get(i);
                if (f.isPadding() || f.length() == 0) {
                    continue;
                }
                if (selected.get(i) && parted.clear(i)) {
                    moveOutOfPart(i, verified);
                } else if (!selected.get(i) && !parted.get(i) && dir.existing(f.path()) == null) {
                    evict(i);
                    parted.set(i);
                }
            }
            if (parted.cardinality() == 0) {
                part.delete();
            }
        } catch (IOException e) {
            throw new StorageException("select " + f.relativePath() + ": " + describe(e), e);
        }
    }

    /**
     * Copies the file's bytes of verified pieces out of the part file (usually its first and last, shared with
     * selected neighbours); a piece not verified yet is fetched again, as its hash will say.
     */
    private void moveOutOfPart(int index, Bitfield verified) throws IOException {
        FileEntry f = layout.files().get(index);
        FileState held = part.state();
        long partEnd = held == null ? 0 : held.size();
        for (int piece = layout.firstPiece(index); piece <= layout.lastPiece(index); piece++) {
            long start = Math.max(f.offset(), layout.pieceOffset(piece));
            long end = Math.min(Math.min(f.end(), partEnd), layout.pieceOffset(piece) + layout.pieceSize(piece));
            if (verified.get(piece) && start < end) {
                part.copy(start, end, channel(index, true), start - f.offset());
            }
        }
    }

    /** Whether file {@code index}'s bytes live in the part file. */
    synchronized boolean isParted(int index) {
        return parted.get(index);
    }

    /** The part file's size and modification time, or null when there is none. */
    FileState partState() {
        try {
            return part.state();
        } catch (IOException e) {
            throw new StorageException("stat " + part.path() + ": " + describe(e), e);
        }
    }

    /** The size and modification time of file {@code index}, or {@link FileState#ABSENT}. */
    FileState state(int index) {
        FileEntry f = layout.files().get(index);
        try {
            Path p = dir.existing(f.path());
            if (p == null) {
                return FileState.ABSENT;
            }
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new FileState(a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return FileState.ABSENT;
        } catch (IOException e) {
            throw new StorageException("stat " + f.relativePath() + ": " + describe(e), e);
        }
    }

    /**
     * Closes every channel; further I/O fails. Like libtorrent, this does not force the data to disk: an fsync of a
     * just-written GiB held the end of a download for about 4 s here, and after an operating-system crash the resume
     * record's size and mtime check (see {@link PieceStore}) sends files whose last writes were lost to a recheck.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        StorageException first = open.closeAll();
        try {
            part.close();
        } catch (IOException e) {
            first = first == null ? new StorageException("close " + part.path() + ": " + describe(e), e) : first;
        }
        if (first != null) {
            throw first;
        }
    }

    private FileChannel channel(int index, boolean writable) throws IOException {
        return open.get(index, writable);
    }

    /** Closes file {@code index} if it is open, for the {@link OpenFileBudget}; its next use opens it again. */
    synchronized void evict(int index) {
        open.evict(index);
    }

    private static boolean readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                return false;
            }
            pos += n;
        }
        return true;
    }

    private static void zero(ByteBuffer dst) {
        while (dst.hasRemaining()) {
            dst.put(ZEROS, 0, Math.min(ZEROS.length, dst.remaining()));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("storage of " + dir.root() + " is closed");
        }
    }

    private static StorageException failure(String op, PieceGeometry.Span span, IOException e) {
        String where = span == null ? "" : " " + span.file().relativePath() + " at " + span.fileOffset();
        return new StorageException(op + where + ": " + describe(e), e);
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
