package org.yamtorrent.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where the bytes of files that are not selected live when a piece also holds bytes of a selected file: such a
 * piece is fetched and verified whole, but only its selected bytes go into the payload's files (libtorrent keeps a
 * "part file" for the same reason). Its bytes are needed to verify the piece, to check it again after a restart,
 * and to seed it.
 *
 * <p>A sparse file addressed by payload offset: a byte keeps its place whatever the selection, so no index has to
 * be kept, and only the few boundary pieces' bytes are ever written, the rest stays a hole. Created on the first
 * write, deleted once no file's bytes live in it. Guarded by the owning {@link Storage}'s lock.
 */
final class PartFile {

    private final Path path;
    private FileChannel channel;

    PartFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /**
     * Fills {@code dst} from {@code payloadOffset}; bytes the file does not hold read as zeros.
     *
     * @return true when every byte came from the file
     */
    boolean read(long payloadOffset, ByteBuffer dst) throws IOException {
        FileChannel ch = open(false);
        long pos = payloadOffset;
        while (ch != null && dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        boolean complete = !dst.hasRemaining();
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
        return complete;
    }

    void write(long payloadOffset, ByteBuffer src) throws IOException {
        FileChannel ch = open(true);
        long pos = payloadOffset;
        while (src.hasRemaining()) {
            pos += ch.write(src, pos);
        }
    }

    /** Copies payload bytes {@code [from, to)} (zeros beyond the end) to {@code target} at {@code targetOffset}. */
    void copy(long from, long to, FileChannel target, long targetOffset) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(64 * 1024, to - from));
        for (long pos = from; pos < to; pos += buf.capacity()) {
            buf.clear().limit((int) Math.min(buf.capacity(), to - pos));
            read(pos, buf);
            buf.flip();
            long at = targetOffset + (pos - from);
            while (buf.hasRemaining()) {
                at += target.write(buf, at);
            }
        }
    }

    /** Its size and modification time, for the resume record; null when there is no part file. */
    Storage.FileState state() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return new Storage.FileState(a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** No file's bytes live here any more. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    /** Closes, without forcing the bytes to disk (as {@link Storage#close()}); the next read or write opens it again. */
    void close() throws IOException {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    private FileChannel open(boolean create) throws IOException {
        if (channel != null) {
            return channel;
        }
        if (!create && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Files.createDirectories(path.getParent());
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.SPARSE, LinkOption.NOFOLLOW_LINKS);
        return channel;
    }
}
