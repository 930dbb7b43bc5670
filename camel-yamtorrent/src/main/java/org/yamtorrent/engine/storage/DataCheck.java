package org.yamtorrent.engine.storage;

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
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.PieceGeometry;
import org.yamtorrent.engine.metainfo.PieceHasher;

/**
 * Which pieces are verified when a store opens: those the resume record vouches for when it belongs to this
 * info-hash and every file (and the part file) still has the recorded size and modification time, otherwise those
 * whose existing data hashes right. Also the hash checks themselves (SHA-1, and the BEP 52 merkle check of v2
 * torrents), which the store uses for each piece as it arrives.
 */
final class DataCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DataCheck.class);

    private DataCheck() {
    }

    /** The verified pieces of the data {@code storage} holds; a damaged or stale record just means a full check. */
    static Bitfield verified(Metainfo metainfo, Storage storage, Path resumeFile) {
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
        return verified;
    }

    /** Whether {@code sha1} and, for a v2 torrent, the piece's bytes on disk are what the torrent says. */
    static boolean matches(Metainfo metainfo, Storage storage, int piece, byte[] sha1) {
        return v1Matches(metainfo, piece, sha1) && v2Matches(metainfo, storage, piece);
    }

    /**
     * The current state of every non-pad file, in payload order, then the part file's if there is one: what the
     * resume record compares.
     */
    static List<Storage.FileState> fileStates(Storage storage) {
        List<FileEntry> files = storage.layout().files();
        List<Storage.FileState> states = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).isPadding()) {
                states.add(storage.state(i));
            }
        }
        Storage.FileState part = storage.partState();
        if (part != null) {
            states.add(part);
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

    /**
     * Hashes every piece whose bytes may all be present; pieces touching a missing or short file are skipped (a
     * file whose bytes live in the part file is looked for there).
     */
    private static Bitfield check(Metainfo metainfo, Storage storage, List<Storage.FileState> states) {
        PieceGeometry layout = storage.layout();
        Bitfield absent = new Bitfield(layout.pieceCount());
        int state = 0;
        for (int file = 0; file < layout.files().size(); file++) {
            FileEntry f = layout.files().get(file);
            if (f.isPadding()) {
                continue;
            }
            long size = states.get(state++).size();
            if (storage.isParted(file)) {
                // its bytes of the pieces shared with neighbours may be in the part file: only its inner ones lack
                for (int p = layout.firstPiece(file) + 1; p < layout.lastPiece(file); p++) {
                    absent.set(p);
                }
                continue;
            }
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

}
