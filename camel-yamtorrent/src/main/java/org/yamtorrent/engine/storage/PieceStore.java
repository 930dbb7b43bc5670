package org.yamtorrent.engine.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.Bitfield;
import org.yamtorrent.engine.metainfo.FileEntry;
import org.yamtorrent.engine.metainfo.PieceGeometry;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.PieceHasher;
import org.yamtorrent.engine.metainfo.Sha1;

/**
 * A torrent's pieces on disk and which of them are verified. A piece counts only once its SHA-1 matched, either
 * read back from disk ({@link #verifyPiece}) or hashed by the caller as it arrived ({@link #markVerified}).
 *
 * <p>Only the selected files are written ({@link #select}; all of them unless told otherwise): the store is
 * complete when every piece holding bytes of a selected file is verified. A piece shared by a selected and an
 * unselected file is verified whole; its unselected bytes are kept in a part file beside the resume record (or
 * {@code .<info-hash>.parts} in the target directory without one), never in the unselected file, which is not
 * created.
 *
 * <p>Lifecycle: {@link #open} starts (or resumes) a torrent, {@link #close} pauses it: it closes the files and
 * writes the resume record. The next {@link #open} trusts that record, without hashing anything, when it
 * belongs to this info-hash and every file still has the recorded size and modification time; otherwise it checks
 * all existing data. Like libtorrent's fast resume this trusts size and mtime: a change that keeps both (a
 * deliberate {@code touch -d}, or a same-size edit within the file system's timestamp granularity) goes
 * unnoticed until {@link #verifyPiece} runs on that piece; a peer that downloads it rejects it by its hash.
 *
 * <p>Writes into a verified piece are dropped, so verified data never changes through this class. Thread-safe:
 * the state lock is never held across I/O, so asking which pieces are verified never waits for the disk.
 */
public final class PieceStore implements Closeable {

    /** Open channels per torrent; file descriptors are shared by every torrent of the process. */
    public static final int DEFAULT_OPEN_FILES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(PieceStore.class);

    private final Metainfo metainfo;
    private final PieceGeometry layout;
    private final Storage storage;
    private final PieceHasher hasher;
    private final Path resumeFile;
    /** The state lock guards these, never held across I/O: network threads take it. */
    private final Bitfield verified;
    /** The selected files, and the pieces holding their bytes. */
    private Bitfield selected;
    private Bitfield wanted;
    /** Wanted pieces not verified: the store is complete at 0. */
    private int missing;
    private boolean closed;
    /**
     * Held by a disk thread across a write, a verification or closing, so a write never lands in a piece between
     * its hash and its counting, and the files are not closed under a write. Only disk threads take it.
     */
    private final Object io = new Object();

    private PieceStore(Metainfo metainfo, Storage storage, Path resumeFile, Bitfield verified) {
        this.metainfo = metainfo;
        this.layout = storage.layout();
        this.storage = storage;
        this.hasher = new PieceHasher(layout);
        this.resumeFile = resumeFile;
        this.verified = verified;
    }

    /** {@link #open(Metainfo, Path, Path, int, Bitfield)} with {@link #DEFAULT_OPEN_FILES} and every file. */
    public static PieceStore open(Metainfo metainfo, Path targetDir, Path resumeFile) {
        return open(metainfo, targetDir, resumeFile, DEFAULT_OPEN_FILES);
    }

    /** {@link #open(Metainfo, Path, Path, int, Bitfield)} with every file selected. */
    public static PieceStore open(Metainfo metainfo, Path targetDir, Path resumeFile, int maxOpenFiles) {
        return open(metainfo, targetDir, resumeFile, maxOpenFiles, null);
    }

    /**
     * Opens the torrent's storage below {@code targetDir} and establishes the verified pieces: from the resume
     * record when it is trustworthy, otherwise by hashing the existing data. Missing or short files just mean
     * missing pieces; a damaged record just means a full check.
     *
     * @param resumeFile    where the resume record lives, or null to keep none
     * @param maxOpenFiles  how many files may be open at once
     * @param selectedFiles the files to write, one bit per {@link Metainfo#files()} entry; null for all
     * @throws StorageException when a path is unsafe (escapes the target, or crosses a symbolic link) or the
     *                          existing data cannot be read
     */
    public static PieceStore open(Metainfo metainfo, Path targetDir, Path resumeFile, int maxOpenFiles,
            Bitfield selectedFiles) {
        PieceGeometry layout = metainfo.geometry();
        TargetDirectory dir = new TargetDirectory(targetDir);
        for (FileEntry f : layout.files()) {
            if (!f.isPadding()) {
                dir.resolve(f.path());
            }
        }
        String parts = metainfo.infoHash().hex() + ".parts";
        Path partFile = resumeFile != null ? resumeFile.resolveSibling(parts) : dir.root().resolve("." + parts);
        Storage storage = new Storage(dir, layout, maxOpenFiles, OpenFileBudget.SHARED, partFile);
        try {
            storage.partAbsentFiles();
            PieceStore store = new PieceStore(metainfo, storage, resumeFile,
                    DataCheck.verified(metainfo, storage, resumeFile));
            store.select(selectedFiles != null ? selectedFiles : all(layout.files().size()));
            return store;
        } catch (RuntimeException e) {
            closeAfterFailure(storage, e);
            throw e;
        }
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    /** A snapshot of the verified pieces. */
    public synchronized Bitfield bitfield() {
        return verified.copy();
    }

    public boolean isVerified(int piece) {
        checkBlock(piece, 0, 0);
        synchronized (this) {
            return verified.get(piece);
        }
    }

    /** True when every piece holding bytes of a selected file is verified (every piece, without a selection). */
    public synchronized boolean isComplete() {
        return missing == 0;
    }

    /** A snapshot of the pieces holding bytes of selected files: what completion waits for. */
    public synchronized Bitfield wanted() {
        return wanted.copy();
    }

    /** Whether file {@code index} ({@link Metainfo#files()}) is selected. */
    public synchronized boolean isSelected(int index) {
        return selected.get(index);
    }

    /** A snapshot of the selected files, one bit per {@link Metainfo#files()} entry. */
    public synchronized Bitfield selected() {
        return selected.copy();
    }

    /**
     * Makes {@code files} (one bit per {@link Metainfo#files()} entry) the selection: from now on only they are
     * written and completion waits only for their pieces. A newly selected file gets the bytes the part file held
     * for it; a deselected one that exists is kept (and written on). Disk threads only.
     *
     * @return whether the store is complete for the new selection
     * @throws StorageException naming the file when moving bytes out of the part file fails
     */
    public boolean select(Bitfield files) {
        if (files.size() != layout.files().size()) {
            throw new IllegalArgumentException(files.size() + " bits for " + layout.files().size() + " files");
        }
        Bitfield pieces = layout.piecesOf(files);
        boolean completed;
        synchronized (io) {
            synchronized (this) {
                ensureOpen();
            }
            Bitfield have;
            synchronized (this) {
                have = verified.copy();
            }
            storage.select(files, have);
            synchronized (this) {
                selected = files.copy();
                wanted = pieces;
                missing = 0;
                for (int i = wanted.nextSet(0); i >= 0; i = wanted.nextSet(i + 1)) {
                    missing += verified.get(i) ? 0 : 1;
                }
                completed = missing == 0;
            }
            if (completed) {
                storage.createEmptyFiles(files);
            }
        }
        return isComplete();
    }

    /**
     * Writes a block (from {@code block}'s position to its limit, consumed) at {@code offset} within
     * {@code piece}. Direct buffers work. A block for an already verified piece is dropped and the buffer left as
     * it was: verified data never changes.
     *
     * @return false when dropped
     * @throws StorageException when the block lies outside the piece, or naming the file when the disk fails
     */
    public boolean writeBlock(int piece, int offset, ByteBuffer block) {
        return writeBlocks(piece, offset, new ByteBuffer[] {block}, 1);
    }

    /**
     * Writes {@code count} buffers back to back from {@code offset} of {@code piece}, as {@link #writeBlock} does
     * one: in one gathering write where they fall in one file.
     *
     * @return false when the piece is verified already (the bytes are dropped)
     */
    public boolean writeBlocks(int piece, int offset, ByteBuffer[] blocks, int count) {
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += blocks[i].remaining();
        }
        checkBlock(piece, offset, length);
        synchronized (io) {
            synchronized (this) {
                ensureOpen();
                if (verified.get(piece)) {
                    LOG.debug("{}: dropped {} bytes for verified piece {}", metainfo.name(), length, piece);
                    return false;
                }
            }
            storage.write(layout.pieceOffset(piece) + offset, blocks, count);
            return true;
        }
    }

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset} within a verified piece into {@code dst}, for seeding.
     *
     * @throws StorageException when the piece is not verified, the block lies outside it, or naming the file when
     *                          it is missing or unreadable
     */
    public void readBlock(int piece, int offset, ByteBuffer dst) {
        checkBlock(piece, offset, dst.remaining());
        synchronized (this) {
            ensureOpen();
            if (!verified.get(piece)) {
                throw new StorageException("read piece " + piece + ": not verified");
            }
        }
        storage.read(layout.pieceOffset(piece) + offset, dst);
    }

    /**
     * Reads bytes of a piece that is still downloading, so the caller can hash blocks that arrived ahead of its
     * hash cursor. Unlike {@link #readBlock} the piece need not be verified; never use it to serve peers.
     */
    public void readUnverified(int piece, int offset, ByteBuffer dst) {
        checkBlock(piece, offset, dst.remaining());
        synchronized (this) {
            ensureOpen();
        }
        storage.read(layout.pieceOffset(piece) + offset, dst);
    }

    /**
     * Reads the piece back from disk and hashes it; the piece counts exactly when the hash matches (a verified
     * piece whose data no longer matches stops counting).
     *
     * @return whether the piece is verified now
     */
    public boolean verifyPiece(int piece) {
        checkBlock(piece, 0, 0);
        // under the I/O lock so no write can land in the piece between reading and counting it
        synchronized (io) {
            synchronized (this) {
                ensureOpen();
            }
            boolean[] onDisk = {true};
            byte[] digest;
            try {
                digest = hasher.digest(piece, (pos, buf) -> onDisk[0] &= storage.readOrZero(pos, buf));
            } catch (IOException e) {
                throw new StorageException("verify piece " + piece + ": " + Storage.describe(e), e);
            }
            if (onDisk[0] && DataCheck.matches(metainfo, storage, piece, digest)) {
                count(piece);
                return true;
            }
            synchronized (this) {
                if (verified.clear(piece) && wanted.get(piece)) {
                    missing++;
                }
            }
            return false;
        }
    }

    /**
     * Counts a piece the caller hashed while its blocks arrived and has written through {@link #writeBlock}, which
     * spares reading it back. The caller must not have written other bytes into the piece since hashing.
     *
     * @param sha1 the SHA-1 of the piece's bytes as written
     * @return whether it matched the torrent's hash; only then does the piece count
     */
    public boolean markVerified(int piece, byte[] sha1) {
        checkBlock(piece, 0, 0);
        if (sha1.length != Sha1.LENGTH) {
            throw new IllegalArgumentException("a SHA-1 has 20 bytes, not " + sha1.length);
        }
        synchronized (io) {
            synchronized (this) {
                ensureOpen();
            }
            if (!DataCheck.matches(metainfo, storage, piece, sha1)) {
                return false;
            }
            count(piece);
            return true;
        }
    }

    /** Creates the selected zero-length files, which no piece ever writes; done anyway on completion. */
    public void createEmptyFiles() {
        synchronized (io) {
            Bitfield files;
            synchronized (this) {
                ensureOpen();
                files = selected.copy();
            }
            storage.createEmptyFiles(files);
        }
    }

    /**
     * Pauses the torrent: closes the files (forcing written data to disk) and, when a resume record location was
     * given, writes the record. Idempotent. When a file cannot be closed cleanly no record is written, so the
     * next open checks the data.
     *
     * @throws StorageException naming the file that could not be closed, or the record that could not be written
     */
    @Override
    public void close() {
        Bitfield snapshot;
        synchronized (io) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                snapshot = verified.copy();
            }
            storage.close();
        }
        if (resumeFile != null) {
            ResumeRecord record = new ResumeRecord(metainfo.infoHash(), snapshot, DataCheck.fileStates(storage));
            try {
                record.write(resumeFile);
            } catch (IOException e) {
                throw new StorageException("resume record " + resumeFile + ": " + Storage.describe(e), e);
            }
        }
        LOG.info("{}: closed with {}/{} pieces verified", metainfo.name(), snapshot.cardinality(), snapshot.size());
    }

    /** Counts a piece; the caller holds {@link #io}, so the empty files are created outside the state lock. */
    private void count(int piece) {
        Bitfield completedWith = null;
        synchronized (this) {
            if (verified.set(piece) && wanted.get(piece) && --missing == 0) {
                completedWith = selected.copy();
            }
        }
        if (completedWith != null) {
            storage.createEmptyFiles(completedWith);
            LOG.info("{}: complete, all {} wanted pieces verified", metainfo.name(), wanted().cardinality());
        }
    }

    private static Bitfield all(int size) {
        Bitfield b = new Bitfield(size);
        for (int i = 0; i < size; i++) {
            b.set(i);
        }
        return b;
    }

    private void checkBlock(int piece, int offset, int length) {
        String problem = layout.blockProblem(piece, offset, length);
        if (problem != null) {
            throw new StorageException(problem);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException(metainfo.name() + ": piece store is closed");
        }
    }

    private static void closeAfterFailure(Storage storage, RuntimeException failure) {
        try {
            storage.close();
        } catch (StorageException e) {
            failure.addSuppressed(e);
        }
    }
}
