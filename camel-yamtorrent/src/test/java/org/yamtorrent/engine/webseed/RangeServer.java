package org.yamtorrent.engine.webseed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A web seed for tests: the JDK's HTTP server on 127.0.0.1 serving the files below a directory with single byte
 * ranges (206 and Content-Range, as Apache or nginx do). It can be told to lie (flip a byte of every reply), to be
 * slow, or to die after some replies: the next reply breaks off halfway and the server stops.
 */
public final class RangeServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicInteger ranges = new AtomicInteger();
    private final AtomicInteger whole = new AtomicInteger();
    private volatile boolean lie;
    private volatile long delayMillis;
    private volatile int dieAfter = -1;

    private RangeServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Serves the files below {@code root}. */
    public static RangeServer serving(Path root) throws IOException {
        return new RangeServer(root);
    }

    /** The URL of {@code path} (already percent-encoded where needed), e.g. {@code url("files/")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    public RangeServer lie() {
        this.lie = true;
        return this;
    }

    public RangeServer delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Once {@code replies} replies were sent whole, the next one stops halfway and the server goes away. */
    public RangeServer dieAfter(int replies) {
        this.dieAfter = replies;
        return this;
    }

    /** Range requests answered (whole or not). */
    public int ranges() {
        return ranges.get();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Path file = root.resolve(x.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            String range = x.getRequestHeaders().getFirst("Range");
            long from = 0;
            long to = size - 1;
            if (range != null) {
                Matcher m = RANGE.matcher(range);
                if (!m.matches() || Long.parseLong(m.group(2)) >= size || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                    x.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    x.sendResponseHeaders(416, -1);
                    return;
                }
                from = Long.parseLong(m.group(1));
                to = Long.parseLong(m.group(2));
                x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            byte[] body = new byte[(int) (to - from + 1)];
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                f.seek(from);
                f.readFully(body);
            }
            if (lie && body.length > 0) {
                body[body.length / 2] ^= 1;
            }
            if (delayMillis > 0) {
                TimeUnit.MILLISECONDS.sleep(delayMillis);
            }
            ranges.incrementAndGet();
            x.sendResponseHeaders(range != null ? 206 : 200, body.length);
            OutputStream out = x.getResponseBody();
            if (dieAfter >= 0 && whole.get() >= dieAfter) {
                out.write(body, 0, body.length / 2);
                out.flush();
                new Thread(() -> server.stop(0)).start();
                throw new IOException("dying as told"); // closes the exchange short: the client sees a cut body
            }
            out.write(body);
            out.flush();
            whole.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
