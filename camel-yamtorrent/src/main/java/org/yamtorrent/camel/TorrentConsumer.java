package org.yamtorrent.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.BridgeExceptionHandlerToErrorHandler;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentOptions;

/**
 * {@code from("torrent:download?watchDirectory=...")}: polls the drop folder for .torrent files and .magnet files
 * (one magnet link each, whose metadata comes from peers within {@code timeout}), downloads each
 * (up to {@code maxConcurrentDownloads} at once), and when every piece is verified sends one exchange per payload
 * file. The .torrent then moves to {@code .done/}; on failure to {@code .failed/} with a {@code .reason.txt} beside
 * it, and the route's error handler sees the exception. Torrents still in the folder at a restart resume. With
 * {@code stream=true} the exchanges are sent as soon as the torrent is added, one file after another, each body a
 * stream that yields the file as its pieces verify.
 * <p>
 * Not a {@code ScheduledPollConsumer}: a scan of the drop folder only starts downloads, and the exchanges follow
 * when a download completes, on the delivery pool. So the folder is scanned on a scheduled thread of its own every
 * {@code delay}, and Camel's polling options (greedy, backoff, sendEmptyMessageWhenIdle), which count exchanges
 * per poll, are not offered.
 */
public class TorrentConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(TorrentConsumer.class);

    private final TorrentEndpoint endpoint;
    private final TorrentConfiguration config;
    private final Map<Path, TorrentHandle> active = new ConcurrentHashMap<>();
    private IdempotentRepository repository;
    private ExecutorService deliveries;
    private ScheduledExecutorService scanner;
    /** Why the last scan of the drop folder failed, or null when it succeeded. */
    private volatile IOException scanError;
    /** The last failure of a drop (a bad .torrent, a failed download or delivery), or null. */
    private volatile Throwable lastError;
    private Path watch;
    private Path directory;
    private volatile boolean stopping;

    public TorrentConsumer(TorrentEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        watch = Path.of(config.getWatchDirectory()).toAbsolutePath();
        directory = Path.of(config.getDirectory()).toAbsolutePath();
        Files.createDirectories(watch);
        Files.createDirectories(TorrentEndpoint.stateDirectory(directory));
        repository = config.getIdempotentRepository();
        if (repository == null) {
            repository = FileIdempotentRepository.fileIdempotentRepository(
                    TorrentEndpoint.stateDirectory(directory).resolve("downloaded.txt").toFile(), 100_000);
        }
        ServiceHelper.startService(repository);
        deliveries = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "TorrentDelivery", Math.max(1, config.getMaxConcurrentDownloads()));
        if (config.isStream()) {
            StreamedDownload.neverCache(getEndpoint().getCamelContext().getStreamCachingStrategy());
        }
        stopping = false;
        super.doStart();
        if (HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "consumers",
                HealthCheckRepository.class) != null) {
            TorrentConsumerHealthCheck check = new TorrentConsumerHealthCheck(this, getRouteId());
            check.setEnabled(endpoint.getComponent().isHealthCheckConsumerEnabled());
            setHealthCheck(check);
        }
        scanner = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "TorrentScan");
        scanner.scheduleWithFixedDelay(this::scan, config.getInitialDelay(), Math.max(1, config.getDelay()),
                TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(scanner);
        super.doStop();
        // Stopping a torrent saves its resume record; the .torrent stays in the drop folder and resumes next start.
        active.values().forEach(TorrentHandle::stop);
        active.clear();
        getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(deliveries);
        if (config.getIdempotentRepository() == null) {
            ServiceHelper.stopService(repository);
        }
    }

    @Override
    public TorrentEndpoint getEndpoint() {
        return endpoint;
    }

    /** Starts the drops a download slot is free for; the others wait for a later scan. */
    private void scan() {
        try {
            for (Path file : drops()) {
                if (stopping || active.size() >= config.getMaxConcurrentDownloads()) {
                    break;
                }
                if (!active.containsKey(file)) {
                    start(file);
                }
            }
            scanError = null;
        } catch (IOException e) {
            if (scanError == null) {
                getExceptionHandler().handleException("Cannot read the drop folder " + watch, e);
            }
            scanError = e;
        } catch (RuntimeException e) {
            // the scheduler would stop scanning for good
            lastError = e;
            getExceptionHandler().handleException("Scanning the drop folder " + watch + " failed", e);
        }
    }

    /** The torrents this consumer is downloading or delivering. */
    List<TorrentHandle> torrents() {
        return List.copyOf(active.values());
    }

    /** Why the drop folder cannot be read, or null when it can. */
    String watchProblem() {
        IOException e = scanError;
        if (e != null) {
            return "cannot read the drop folder " + watch + ": " + e;
        }
        return Files.isDirectory(watch) && Files.isReadable(watch) ? null
                : "the drop folder " + watch + " is not a readable directory";
    }

    Throwable lastError() {
        return lastError;
    }

    Path watchDirectory() {
        return watch;
    }

    /** The .torrent and .magnet files in the drop folder, oldest name first. */
    private List<Path> drops() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(watch, "*.{torrent,magnet}")) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        return files;
    }

    private boolean start(Path file) {
        TorrentInput m;
        try {
            m = TorrentInput.read(file);
        } catch (IOException | TorrentException e) {
            fail(file, e);
            return false;
        }
        if (repository.contains(m.infoHash().hex())) {
            LOG.info("{}: {} was downloaded before; moving it to .done", file.getFileName(), m.name());
            moveTo(file, ".done");
            return false;
        }
        TorrentHandle running = endpoint.getComponent().getSession().find(m.infoHash());
        boolean reused = running != null && running.directory().equals(directory);
        TorrentHandle t = reused ? running : add(file, m);
        if (t == null) {
            return false;
        }
        LOG.info("{}: downloading {}", file.getFileName(), m.describe());
        active.put(file, t);
        endpoint.track(t);
        endpoint.getComponent().watchProgress(t, config.getProgressInterval(), config.getStallTimeout());
        if (config.isStream()) {
            // a magnet's streams open once its metadata says what the files are
            MagnetInfo.whenKnown(t).whenCompleteAsync((x, e) -> {
                if (e == null) {
                    stream(file, t);
                } else if (!stopping) {
                    fail(file, unwrap(e));
                    active.remove(file);
                }
            }, deliveries);
        } else {
            // a torrent of the session's that this consumer did not add (a seed route's) is never moved away
            boolean move = !reused && PayloadMove.applies(config);
            t.completion().whenCompleteAsync((done, e) -> finished(file, t, move, e), deliveries);
        }
        return true;
    }

    /**
     * Adds the torrent if a download slot is free; null when none is (the drop waits for the next poll) or when it
     * failed (the drop moved to .failed). A torrent still in the session here from an earlier drop (seeding, or a
     * delivery that failed) is reused by the caller instead.
     */
    private TorrentHandle add(Path file, TorrentInput m) {
        DownloadSlots slots = endpoint.getComponent().getDownloadSlots();
        if (!slots.tryAcquire()) {
            return null;
        }
        TorrentHandle t;
        try {
            TorrentOptions options = endpoint.torrentOptions(directory, m.infoHash());
            if (config.getTimeout() > 0) {
                options.metadataTimeout(Duration.ofMillis(config.getTimeout()));
            }
            t = m.add(endpoint.getComponent().getSession(), directory, options);
        } catch (TorrentException e) {
            slots.release();
            fail(file, e);
            return null;
        }
        t.completion().whenComplete((x, e) -> slots.release());
        return t;
    }

    /**
     * {@code stream=true}: sends one exchange per payload file at once, its body a stream that yields the file as it
     * verifies. The first failure ends the delivery; the .torrent then moves to .failed with that reason.
     */
    private void stream(Path file, TorrentHandle t) {
        StreamedDownload d = endpoint.streamed(t, true);
        Exception failure = null;
        try {
            for (Message msg : Payloads.streams(getEndpoint().getCamelContext(), d)) {
                if (stopping || failure != null) {
                    break;
                }
                failure = deliver(msg);
                ((InputStream) msg.getBody()).close();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            d.closeAll();
        }
        if (stopping) {
            return;
        }
        if (failure != null) {
            moveToFailed(file, failure);
            active.remove(file);
            return;
        }
        // The route read every file to its end, so every piece is verified: the torrent completes at once. A route
        // that closed a stream early stopped the download instead (unless seeding), which fails it into .failed.
        t.completion().whenCompleteAsync((done, e) -> {
            try {
                if (stopping) {
                    return;
                }
                if (e != null) {
                    fail(file, unwrap(e));
                } else {
                    done(file, t);
                }
            } finally {
                active.remove(file);
            }
        }, deliveries);
    }

    /** Sends one exchange; returns the exception the route ended with, if any, after the error handler saw it. */
    private Exception deliver(Message msg) {
        Exchange exchange = createExchange(false);
        Payloads.copy(msg, exchange.getMessage());
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        // The route's error handler has seen it already; a bridging handler would route it a second time.
        if (failure != null && !(getExceptionHandler() instanceof BridgeExceptionHandlerToErrorHandler)) {
            getExceptionHandler().handleException("Error processing payload file", exchange, failure);
        }
        releaseExchange(exchange, false);
        return failure;
    }

    /** @param move whether nothing seeds {@code t} afterwards, so its payload may be moved instead of copied */
    private void finished(Path file, TorrentHandle t, boolean move, Throwable error) {
        if (stopping) {
            return;
        }
        try {
            if (error != null) {
                fail(file, endpoint.getComponent().stallFailure(t, unwrap(error)));
                return;
            }
            // A payload file the route failed on (an upload that gave up, a full target disk) is not delivered: the
            // .torrent goes to .failed, and is not remembered as downloaded, so dropping it again delivers again.
            Exception failure = null;
            List<Message> messages = Payloads.messages(getEndpoint().getCamelContext(), t);
            boolean moving = move && PayloadMove.prepare(t, messages);
            for (Message msg : messages) {
                Exception e = deliver(msg);
                failure = failure == null ? e : failure;
            }
            if (moving) {
                PayloadMove.pruneFolders(t, messages);
            }
            if (failure != null) {
                moveToFailed(file, failure);
            } else {
                done(file, t);
            }
        } finally {
            active.remove(file);
        }
    }

    /** Remembers the info-hash as downloaded and moves the .torrent to .done. */
    private void done(Path file, TorrentHandle t) {
        repository.add(t.infoHash().hex());
        repository.confirm(t.infoHash().hex());
        moveTo(file, ".done");
    }

    /**
     * Moves the .torrent to .failed with the reason beside it, and hands the error to the consumer's exception
     * handler: logged, or with {@code bridgeErrorHandler=true} routed to the route's error handler.
     */
    private void fail(Path file, Throwable e) {
        moveToFailed(file, e);
        Exchange exchange = createExchange(false);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, file.getFileName().toString());
        getExceptionHandler().handleException("Torrent " + file.getFileName() + " failed", exchange, e);
        releaseExchange(exchange, false);
    }

    private void moveToFailed(Path file, Throwable e) {
        lastError = e;
        LOG.warn("{}: failed: {}", file.getFileName(), e.getMessage());
        Path moved = moveTo(file, ".failed");
        if (moved != null) {
            try {
                // written aside and moved, so whoever watches .failed/ never reads a half-written reason
                Path reason = moved.resolveSibling(moved.getFileName() + ".reason.txt");
                Path partial = moved.resolveSibling(moved.getFileName() + ".reason.tmp");
                Files.writeString(partial,
                        e.getClass().getSimpleName() + ": " + e.getMessage() + System.lineSeparator(), StandardCharsets.UTF_8);
                Files.move(partial, reason, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException io) {
                LOG.warn("{}: cannot write the failure reason: {}", file.getFileName(), io.getMessage());
            }
        }
    }

    private Path moveTo(Path file, String folder) {
        try {
            Path dir = watch.resolve(folder);
            Files.createDirectories(dir);
            return Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("{}: cannot move to {}: {}", file.getFileName(), folder, e.getMessage());
            return null;
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
