package org.yamtorrent.camel;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.session.TorrentHandle;

/**
 * Hands a verified payload that nothing seeds afterwards on by a move instead of a copy. Each message names its body
 * file in {@code CamelFileLocalWorkPath} ({@link Exchange#FILE_LOCAL_WORK_PATH}), so a {@code file:} endpoint
 * renames it into place (as it does with an FTP consumer's local work file) instead of copying it; other endpoints
 * ignore the header and read the file as before. The torrent is stopped first and the payload handed on only once
 * the engine has closed its files and written its resume record, so nothing of the engine's touches a file after
 * it moved. A route that wants the work copy kept removes the header before its {@code file:} step.
 */
final class PayloadMove {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadMove.class);
    /** The engine forces the files to disk as it closes them; beyond this the payload is copied instead. */
    private static final long CLOSE_WAIT_SECONDS = 120;

    private PayloadMove() {
    }

    /** Whether a completed download of this endpoint stops at once: no seedTime and no seedRatio to reach. */
    static boolean applies(TorrentConfiguration config) {
        return config.getSeedTime() == 0 && config.getSeedRatio() <= 0;
    }

    /**
     * Stops {@code t}, waits until its files are closed, then marks each message's body file as its local work file.
     *
     * @return false when the files did not close in time: the messages are left as they were, to be copied
     */
    static boolean prepare(TorrentHandle t, List<Message> messages) {
        try {
            t.stop().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("{}: its files did not close ({}); copying the payload instead of moving it", t.name(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        for (Message m : messages) {
            // a path, not a File: camel-file reads the header as a String, and a File converts to its content
            m.setHeader(Exchange.FILE_LOCAL_WORK_PATH, m.getBody(File.class).getPath());
        }
        LOG.debug("{}: files closed; {} payload file(s) may be moved", t.name(), messages.size());
        return true;
    }

    /** Removes the folders of the work directory that the moves left empty (a multi-file torrent's tree). */
    static void pruneFolders(TorrentHandle t, List<Message> messages) {
        Path top = t.directory();
        for (Message m : messages) {
            Path dir = m.getBody(File.class).toPath().getParent();
            while (dir != null && dir.startsWith(top) && !dir.equals(top) && isEmpty(dir)) {
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    break; // something else wrote into it meanwhile, or it is gone already
                }
                dir = dir.getParent();
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
