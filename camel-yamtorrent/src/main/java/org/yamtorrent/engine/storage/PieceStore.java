package org.yamtorrent.engine.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * read back from disk ({@link #verifyPiece}) or hashed by the caller as it arrived ({@link #markVerified}); the
 * payload is complete only when every piece is verified.
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
    /** Guards {@link #verified} and {@link #closed} only, never held across I/O: network threads take it. */
    private final Bitfield verified;
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

    /** {@link #open(Metainfo, Path, Path, int)} with {@link #DEFAULT_OPEN_FILES}. */
    public static PieceStore open(Metainfo metainfo, Path targetDir, Path resumeFile) {
        return open(metainfo, targetDir, resumeFile, DEFAULT_OPEN_FILES);
    }

    /**
     * Opens the torrent's storage below {@code targetDir} and establishes the verified pieces: from the resume
     * record when it is trustworthy, otherwise by hashing the existing data. Missing or short files just mean
     * missing pieces; a damaged record just means a full check.
     *
     * @param resumeFile   where the resume record lives, or null to keep none
     * @param maxOpenFiles how many files may be open at once
     * @throws StorageException when a path is unsafe (escapes the target, or crosses a symbolic link) or the
     *                          existing data cannot be read
     */
    public static PieceStore open(Metainfo metainfo, Path targetDir, Path resumeFile, int maxOpenFiles) {
        PieceGeometry layout = metainfo.geometry();
        TargetDirectory dir = new TargetDirectory(targetDir);
        for (FileEntry f : layout.files()) {
            if (!f.isPadding()) {
                dir.resolve(f.path());
            }
        }
        Storage storage = new Storage(dir, layout, maxOpenFiles);
        try {
            List<Storage.FileState> states = fileStates(storage);
            Bitfield verified;
            String how;
            try {
                verified = resumed(metainfo, resumeFile, states);
                how = "resume record trusted";
            } catch (StorageException untrusted) {
                verified = check(metainfo, storage, states);
                how = "full check (" + untrusted.getMessage() + ")";
            }
            LOG.info("{}: {}/{} pieces verified, {}", metainfo.name(), verified.cardinality(), verified.size(), how);
            if (verified.isComplete()) {
                storage.createEmptyFiles();
            }
            return new PieceStore(metainfo, storage, resumeFile, verified);
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

    /** True only when every piece is verified. */
    public synchronized boolean isComplete() {
        return verified.isComplete();
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
        checkBlock(piece, offset, block.remaining());
        synchronized (io) {
            synchronized (this) {
                ensureOpen();
                if (verified.get(piece)) {
                    LOG.debug("{}: dropped {} bytes for verified piece {}", metainfo.name(), block.remaining(), piece);
                    return false;
                }
            }
            storage.write(layout.pieceOffset(piece) + offset, block);
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
            if (onDisk[0] && v1Matches(metainfo, piece, digest) && v2Matches(metainfo, storage, piece)) {
                count(piece);
                return true;
            }
            synchronized (this) {
                verified.clear(piece);
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
            if (!v1Matches(metainfo, piece, sha1) || !v2Matches(metainfo, storage, piece)) {
                return false;
            }
            count(piece);
            return true;
        }
    }

    /** Creates the torrent's zero-length files, which no piece ever writes; done anyway on completion. */
    public void createEmptyFiles() {
        synchronized (io) {
            synchronized (this) {
                ensureOpen();
            }
            storage.createEmptyFiles();
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
            ResumeRecord record = new ResumeRecord(metainfo.infoHash(), snapshot, fileStates(storage));
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
        boolean completed;
        synchronized (this) {
            completed = verified.set(piece) && verified.isComplete();
        }
        if (completed) {
            storage.createEmptyFiles();
            LOG.info("{}: complete, all {} pieces verified", metainfo.name(), verified.size());
        }
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

    /** The current state of every non-pad file, in payload order: what the resume record compares. */
    private static List<Storage.FileState> fileStates(Storage storage) {
        List<FileEntry> files = storage.layout().files();
        List<Storage.FileState> states = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).isPadding()) {
                states.add(storage.state(i));
            }
        }
        return states;
    }

    /**
     * The verified pieces the resume record vouches for.
     *
     * @throws StorageException saying why the record cannot be trusted
     */
    private static Bitfield resumed(Metainfo metainfo, Path resumeFile, List<Storage.FileState> states) {
        if (resumeFile == null) {
            throw new StorageException("no resume record configured");
        }
        if (!Files.exists(resumeFile)) {
            throw new StorageException("no resume record at " + resumeFile);
        }
        ResumeRecord record;
        try {
            record = ResumeRecord.read(resumeFile, ResumeRecord.maxSize(metainfo.pieceCount(), states.size()));
        } catch (IOException e) {
            throw new StorageException("resume record " + resumeFile + " unreadable: " + Storage.describe(e), e);
        }
        if (!record.infoHash().equals(metainfo.infoHash())) {
            throw new StorageException("resume record belongs to info-hash " + record.infoHash());
        }
        if (record.verified().size() != metainfo.pieceCount()) {
            throw new StorageException("resume record has " + record.verified().size() + " pieces, the torrent "
                    + metainfo.pieceCount());
        }
        if (record.files().size() != states.size()) {
            throw new StorageException("resume record has " + record.files().size() + " files, the torrent "
                    + states.size());
        }
        for (int i = 0; i < states.size(); i++) {
            if (!record.files().get(i).equals(states.get(i))) {
                throw new StorageException("file " + i + " changed since the resume record: "
                        + record.files().get(i) + " then, " + states.get(i) + " now");
            }
        }
        return record.verified();
    }

    /** Hashes every piece whose bytes are all present; pieces touching a missing or short file are skipped. */
    private static Bitfield check(Metainfo metainfo, Storage storage, List<Storage.FileState> states) {
        PieceGeometry layout = storage.layout();
        Bitfield absent = new Bitfield(layout.pieceCount());
        int state = 0;
        for (FileEntry f : layout.files()) {
            if (f.isPadding()) {
                continue;
            }
            long size = states.get(state++).size();
            long present = Math.max(0, Math.min(size, f.length()));
            for (long p = f.offset() + present; p < f.end(); p = layout.pieceOffset(layout.pieceAt(p) + 1)) {
                absent.set(layout.pieceAt(p));
            }
        }
        Bitfield found = new Bitfield(layout.pieceCount());
        try {
            new PieceHasher(layout).hash(i -> !absent.get(i), storage::readOrZero, (i, digest) -> {
                if (v1Matches(metainfo, i, digest) && v2Matches(metainfo, storage, i)) {
                    synchronized (found) {
                        found.set(i);
                    }
                }
            });
        } catch (IOException e) {
            throw new StorageException(metainfo.name() + ": checking existing data failed: "
                    + Storage.describe(e), e);
        }
        return found;
    }

    /** The SHA-1 check; a v2-only torrent has none, so its SHA-1s (computed anyway) pass. */
    private static boolean v1Matches(Metainfo metainfo, int piece, byte[] sha1) {
        return !metainfo.hasV1() || metainfo.pieceHashEquals(piece, sha1);
    }

    /**
     * The BEP 52 merkle check of a v2 or hybrid torrent's piece, read back from disk (a hybrid is verified by
     * both); true for a v1-only torrent.
     */
    private static boolean v2Matches(Metainfo metainfo, Storage storage, int piece) {
        if (metainfo.pieceLayers() == null) {
            return true;
        }
        PieceGeometry layout = storage.layout();
        ByteBuffer data = ByteBuffer.allocate(layout.pieceSize(piece));
        boolean onDisk = storage.readOrZero(layout.pieceOffset(piece), data);
        return onDisk && metainfo.pieceLayers().verify(piece, data.flip());
    }

    private static void closeAfterFailure(Storage storage, RuntimeException failure) {
        try {
            storage.close();
        } catch (StorageException e) {
            failure.addSuppressed(e);
        }
    }
}
