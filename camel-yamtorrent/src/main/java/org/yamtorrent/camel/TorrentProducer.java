package org.yamtorrent.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;
import org.yamtorrent.engine.TorrentException;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.session.MetadataTimeoutException;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.session.TorrentListener;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.session.TorrentState;

/**
 * {@code to("torrent:download|create|seed")}. Downloads are asynchronous: the exchange continues when the torrent
 * completes, without a route thread waiting for it.
 */
public class TorrentProducer extends DefaultAsyncProducer {

    private final TorrentEndpoint endpoint;
    private final TorrentConfiguration config;
    private ProducerTemplate http;
    /**
     * Where an exchange continues after a download or seed check: never on an engine thread, which must not wait on
     * the rest of the route (an upload, a copy) nor on reads of a stream it has to feed.
     */
    private ExecutorService routeThreads;
    private volatile Throwable lastError;
    private WritableHealthCheckRepository healthChecks;
    private TorrentProducerHealthCheck healthCheck;

    public TorrentProducer(TorrentEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        http = getEndpoint().getCamelContext().createProducerTemplate();
        routeThreads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newCachedThreadPool(this, "TorrentProducer");
        if (config.isStream()) {
            StreamedDownload.neverCache(getEndpoint().getCamelContext().getStreamCachingStrategy());
        }
        healthChecks = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthChecks != null) {
            healthCheck = new TorrentProducerHealthCheck(this, getEndpoint().getId());
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthChecks.addHealthCheck(healthCheck);
        }
    }

    @Override
    public TorrentEndpoint getEndpoint() {
        return endpoint;
    }

    /** The torrents this producer's endpoint runs. */
    List<TorrentHandle> torrents() {
        return endpoint.torrents();
    }

    Throwable lastError() {
        return lastError;
    }

    @Override
    protected void doStop() throws Exception {
        if (healthChecks != null && healthCheck != null) {
            healthChecks.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        if (http != null) {
            http.stop();
        }
        if (routeThreads != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(routeThreads);
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (config.getOperation() != TorrentOperation.create && exchange.getMessage().getBody() instanceof String s
            && (s.startsWith("http://") || s.startsWith("https://"))) {
            return fetchThenProcess(s, exchange, callback);
        }
        try {
            switch (config.getOperation()) {
                case create -> {
                    TorrentCreate.create(config, exchange);
                    callback.done(true);
                    return true;
                }
                case download -> {
                    return download(exchange, callback);
                }
                case seed -> {
                    return seed(exchange, callback);
                }
                case info -> {
                    return info(exchange, callback);
                }
                default -> throw new IllegalStateException("unknown operation " + config.getOperation());
            }
        } catch (Exception e) {
            lastError = e;
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /**
     * The headers of the .torrent in the body; a magnet link's metadata is fetched (within {@code timeout}) and
     * becomes the body, as .torrent bytes named {@code <name>.torrent}.
     */
    private boolean info(Exchange exchange, AsyncCallback callback) throws Exception {
        TorrentInfo.keepBodyReadable(exchange.getMessage());
        TorrentInput in = input(exchange);
        if (in.metainfo() != null) {
            TorrentInfo.setHeaders(exchange.getMessage(), in.metainfo());
            callback.done(true);
            return true;
        }
        // set before the fetch, so a route's error handler can name the magnet that failed
        exchange.getMessage().setHeader(TorrentConstants.INFO_HASH, in.infoHash().hex());
        MagnetInfo.fetch(endpoint, in.magnet(), directory(exchange), config.getTimeout()).whenCompleteAsync((bytes, e) -> {
            if (e != null) {
                lastError = unwrap(e);
                exchange.setException(unwrap(e));
            } else {
                TorrentInfo.setTorrent(exchange.getMessage(), bytes, in.infoHash());
            }
            callback.done(false);
        }, routeThreads);
        return false;
    }

    private boolean download(Exchange exchange, AsyncCallback callback) throws Exception {
        TorrentInput m = input(exchange);
        Path dir = directory(exchange);
        Files.createDirectories(TorrentEndpoint.stateDirectory(dir));
        String files = exchange.getMessage().getHeader(TorrentConstants.FILES, config.getFiles(), String.class);
        if (config.isStream()) {
            return stream(exchange, callback, m, dir, files);
        }
        TorrentHandle running = endpoint.getComponent().getSession().find(m.infoHash());
        if (running != null && running.directory().equals(dir)) {
            // Already downloading or seeding here: share its result rather than fetching twice.
            running.completion().whenCompleteAsync((t, e) -> finish(exchange, callback, m, t, e), routeThreads);
            return false;
        }
        CompletableFuture<TorrentHandle> done = add(m, dir, files).thenCompose(t -> {
            CompletableFuture<TorrentHandle> c = t.completion().exceptionallyCompose(
                    e -> CompletableFuture.failedFuture(endpoint.getComponent().stallFailure(t, unwrap(e))));
            if (config.getTimeout() > 0) {
                c = c.orTimeout(config.getTimeout(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
                    if (e instanceof TimeoutException) {
                        boolean noMetadata = t.metainfo() == null;
                        t.stop();
                        if (noMetadata) {
                            e = new MetadataTimeoutException(t, Duration.ofMillis(config.getTimeout()));
                        }
                    }
                    return CompletableFuture.failedFuture(e);
                });
            }
            return c;
        });
        done.whenCompleteAsync((t, e) -> finish(exchange, callback, m, t, e), routeThreads);
        return false;
    }

    /**
     * Adds the torrent once a download slot is free; the slot goes back when the torrent ends, or at once when it
     * cannot be added (the same torrent in another directory, a storage error).
     */
    private CompletableFuture<TorrentHandle> add(TorrentInput m, Path dir, String files) {
        DownloadSlots slots = endpoint.getComponent().getDownloadSlots();
        return slots.acquire().thenApply(x -> {
            TorrentHandle t;
            try {
                TorrentOptions options = endpoint.torrentOptions(dir, m.infoHash(), files);
                if (config.getTimeout() > 0) {
                    options.metadataTimeout(Duration.ofMillis(config.getTimeout()));
                }
                t = m.add(endpoint.getComponent().getSession(), dir, options);
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
            track(t);
            t.completion().whenComplete((r, e) -> slots.release());
            endpoint.getComponent().watchProgress(t, config.getProgressInterval(), config.getStallTimeout());
            return t;
        });
    }

    /** Counts the torrent in the endpoint's torrents; remembers how it failed. */
    private void track(TorrentHandle t) {
        endpoint.track(t);
        t.completion().whenComplete((r, e) -> {
            if (e != null) {
                lastError = unwrap(e);
            }
        });
    }

    private void finish(Exchange exchange, AsyncCallback callback, TorrentInput m, TorrentHandle t, Throwable e) {
        if (e != null) {
            lastError = unwrap(e);
            exchange.setException(failure(unwrap(e), m, config.getTimeout()));
        } else {
            setResult(exchange, t, Payloads.messages(getEndpoint().getCamelContext(), t));
        }
        callback.done(false);
    }

    /** Continues the exchange with streams over the payload as soon as the torrent is added. */
    private boolean stream(Exchange exchange, AsyncCallback callback, TorrentInput m, Path dir, String files) {
        TorrentHandle running = endpoint.getComponent().getSession().find(m.infoHash());
        CompletableFuture<StreamedDownload> added;
        if (running != null && running.directory().equals(dir)) {
            added = CompletableFuture.completedFuture(endpoint.streamed(running, false));
        } else {
            // a magnet's streams open once its metadata says what the files are
            added = add(m, dir, files).thenCompose(MagnetInfo::whenKnown).thenApply(t -> endpoint.streamed(t, true));
        }
        added.whenCompleteAsync((d, e) -> {
            try {
                if (e != null) {
                    exchange.setException(unwrap(e));
                } else {
                    exchange.getExchangeExtension().addOnCompletion(d);
                    List<Message> messages = Payloads.streams(getEndpoint().getCamelContext(), d);
                    setResult(exchange, d.torrent(), messages);
                }
            } catch (RuntimeException failure) {
                exchange.setException(failure);
            }
            callback.done(false);
        }, routeThreads);
        return false;
    }

    /** Single-file: the file and its headers; multi-file: a {@code List<Message>} for {@code split(body())}. */
    private static void setResult(Exchange exchange, TorrentHandle t, List<Message> messages) {
        Message out = exchange.getMessage();
        if (messages.size() == 1) {
            Payloads.copy(messages.get(0), out);
        } else {
            Payloads.torrentHeaders(out, t, t.progress());
            out.setHeader(TorrentConstants.FILE_COUNT, messages.size());
            out.setBody(new ArrayList<>(messages));
        }
    }

    private boolean seed(Exchange exchange, AsyncCallback callback) throws Exception {
        Metainfo m = input(exchange).requireMetainfo("seed");
        Path dir = directory(exchange);
        Files.createDirectories(TorrentEndpoint.stateDirectory(dir));
        if (config.isEmbeddedTracker()) {
            endpoint.getComponent().startEmbeddedTracker();
        }
        TorrentOptions options = endpoint.torrentOptions(dir, m.infoHash());
        if (config.getSeedTime() == 0 && config.getSeedRatio() == 0) {
            options.seedForever();
        }
        CompletableFuture<TorrentHandle> checked = new CompletableFuture<>();
        options.addListener(new TorrentListener() {
            @Override
            public void stateChanged(TorrentHandle t, TorrentState state) {
                if (state == TorrentState.DOWNLOADING) {
                    checked.completeExceptionally(new TorrentException(m.name() + ": the data in " + dir
                            + " does not match the torrent: " + t.progress().verifiedPieces() + " of "
                            + m.pieceCount() + " pieces verified"));
                    t.stop();
                }
            }
        });
        TorrentHandle t = endpoint.getComponent().getSession().add(m, dir, options);
        track(t);
        t.completion().whenComplete((r, e) -> {
            if (e != null) {
                checked.completeExceptionally(unwrap(e));
            } else {
                checked.complete(r);
            }
        });
        checked.whenCompleteAsync((r, e) -> {
            if (e != null) {
                exchange.setException(unwrap(e));
            } else {
                Message out = exchange.getMessage();
                Payloads.torrentHeaders(out, t, t.progress());
            }
            callback.done(false);
        }, routeThreads);
        return false;
    }

    private Path directory(Exchange exchange) {
        String dir = exchange.getMessage().getHeader(TorrentConstants.DIRECTORY, String.class);
        return Path.of(dir != null ? dir : config.getDirectory()).toAbsolutePath();
    }

    /** The .torrent or magnet link in the body (an http(s) URL was fetched by process()). */
    private TorrentInput input(Exchange exchange) throws Exception {
        return TorrentInput.of(exchange);
    }

    /**
     * An http(s) URL body: the .torrent is fetched through camel-http on the producer template's pool (camel-http's
     * client blocks; the caller's thread does not), becomes the body, and the exchange goes on from there. The
     * fetch is bounded by camel-http's timeouts (camel.component.http.connect-timeout, response-timeout).
     */
    private boolean fetchThenProcess(String url, Exchange exchange, AsyncCallback callback) {
        http.asyncSend(url, e -> e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET")).whenComplete((reply, error) -> {
            Throwable failure = error != null ? unwrap(error) : reply.getException();
            if (failure != null) {
                lastError = failure;
                exchange.setException(new TorrentException("cannot fetch the .torrent from " + url + ": "
                                                           + failure.getMessage(), failure));
                callback.done(false);
                return;
            }
            exchange.getMessage().setBody(reply.getMessage().getBody(byte[].class));
            process(exchange, doneSync -> callback.done(false));
        });
        return false;
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static Throwable failure(Throwable e, TorrentInput m, long timeoutMillis) {
        if (e instanceof TimeoutException) {
            return new TorrentException(m.name() + " did not complete within " + Duration.ofMillis(timeoutMillis), e);
        }
        return e;
    }
}
