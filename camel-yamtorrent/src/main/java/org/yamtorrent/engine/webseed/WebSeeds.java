package org.yamtorrent.engine.webseed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yamtorrent.engine.metainfo.Metainfo;
import org.yamtorrent.engine.metainfo.PieceGeometry;
import org.yamtorrent.engine.picker.Block;
import org.yamtorrent.engine.rate.Throttle;

/**
 * The web seeds of one torrent's run: each keeps up to {@link #PARALLEL} range fetches going, of blocks the
 * {@link Feed} picks for it (whole pieces, about {@link #RANGE_BYTES} at a time), and hands what arrives back to
 * the feed, which writes and verifies it as it does a peer's blocks. A failed fetch gives its blocks back and backs
 * the seed off, 2 s doubling to 5 min (or the server's Retry-After when longer). See the package doc for threads.
 */
public final class WebSeeds {

    /** What the torrent does for its web seeds; every method takes the engine's own lock and returns quickly. */
    public interface Feed {
        /** Blocks for {@code seed} to fetch next, at most {@code maxBlocks}; empty when nothing is left for it. */
        List<Block> pick(WebSeed seed, int maxBlocks);

        /** The blocks arrived: {@code data} holds them back to back in the order given. */
        void deliver(WebSeed seed, List<Block> blocks, byte[] data);

        /** The fetch failed or was abandoned: the blocks go back to the picker. */
        void release(WebSeed seed, List<Block> blocks);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebSeeds.class);
    /** Fetches at once per web seed: enough to hide a round trip, few enough to be polite to one server. */
    public static final int PARALLEL = 3;
    /** About how much one fetch asks for (at least a piece): long ranges are what HTTP servers serve best. */
    public static final int RANGE_BYTES = 1 << 20;
    private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(2);
    private static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);

    private final String name;
    private final PieceGeometry geometry;
    private final RangeClient client;
    private final Feed feed;
    private final Throttle throttle;
    private final List<WebSeed> seeds = new ArrayList<>();
    private final int maxBlocks;
    private boolean closed;

    /**
     * @param urls     the torrent's url-list and any added; one that is not an http(s) URL is logged and left out
     * @param throttle the torrent's download limit: a fetch starts only while it is out of debt (else at a later
     *                 tick), and what it fetches is charged to it
     */
    public WebSeeds(String name, Metainfo metainfo, List<String> urls, RangeClient client, Feed feed, Throttle throttle) {
        this.name = name;
        this.geometry = metainfo.geometry();
        this.client = client;
        this.feed = feed;
        this.throttle = throttle;
        this.maxBlocks = Math.max(RANGE_BYTES, metainfo.pieceLength()) / Block.SIZE;
        for (String url : urls.stream().distinct().toList()) {
            try {
                seeds.add(new WebSeed(new SeedUrl(url, metainfo)));
            } catch (WebSeedException e) {
                LOG.warn("{}: {}", name, e.getMessage());
            }
        }
    }

    public List<WebSeed> seeds() {
        return List.copyOf(seeds);
    }

    /** Starts fetches where a seed has room and is not backing off; once a second, and after each fetch. */
    public void tick() {
        for (WebSeed s : seeds) {
            while (reserve(s)) {
                List<Block> blocks = feed.pick(s, maxBlocks);
                if (blocks.isEmpty()) {
                    unreserve(s);
                    break;
                }
                start(s, blocks);
            }
        }
    }

    /** No new fetches; those under way give their blocks back when they end. */
    public synchronized void close() {
        closed = true;
    }

    private synchronized boolean reserve(WebSeed s) {
        if (closed || s.isDropped() || s.inflight >= PARALLEL || System.nanoTime() - s.retryAtNanos < 0
                || throttle.waitNanos() > 0) {
            return false;
        }
        s.inflight++;
        return true;
    }

    private synchronized void unreserve(WebSeed s) {
        s.inflight--;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void start(WebSeed s, List<Block> picked) {
        List<Block> blocks = picked.stream()
                .sorted(Comparator.comparingInt(Block::piece).thenComparingInt(Block::offset)).toList();
        int total = blocks.stream().mapToInt(Block::length).sum();
        byte[] data = new byte[total];
        throttle.take(total);
        CompletableFuture<Void> fetched;
        try {
            fetched = fetch(s, blocks, data);
        } catch (RuntimeException e) {
            fetched = CompletableFuture.failedFuture(e); // e.g. a URL the HTTP client refuses
        }
        fetched.whenComplete((v, error) -> finished(s, blocks, data, error));
    }

    /** One GET per file part of each run of consecutive blocks, one after another; padding stays zeros. */
    private CompletableFuture<Void> fetch(WebSeed s, List<Block> blocks, byte[] data) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        int at = 0;
        int i = 0;
        while (i < blocks.size()) {
            long start = offset(blocks.get(i));
            int length = 0;
            int j = i;
            while (j < blocks.size() && offset(blocks.get(j)) == start + length) {
                length += blocks.get(j++).length();
            }
            for (SeedUrl.Part p : s.seedUrl().parts(start, length)) {
                int pos = at;
                if (p.uri() != null) {
                    chain = chain.thenCompose(v -> client.get(p.uri(), p.fileOffset(), p.length(), data, pos));
                }
                at += p.length();
            }
            i = j;
        }
        return chain;
    }

    private long offset(Block b) {
        return geometry.pieceOffset(b.piece()) + b.offset();
    }

    private void finished(WebSeed s, List<Block> blocks, byte[] data, Throwable error) {
        if (error == null && !s.isDropped() && !isClosed()) {
            s.delivered(data.length);
            feed.deliver(s, blocks, data);
        } else {
            feed.release(s, blocks);
        }
        synchronized (this) {
            s.inflight--;
            if (error == null) {
                s.failures = 0;
            } else {
                backOff(s, error);
            }
        }
        if (error == null) {
            tick();
        }
    }

    private void backOff(WebSeed s, Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        s.failures++;
        Duration wait = FIRST_BACK_OFF.multipliedBy(1L << Math.min(s.failures - 1, 10));
        if (wait.compareTo(MAX_BACK_OFF) > 0) {
            wait = MAX_BACK_OFF;
        }
        if (e instanceof WebSeedException w && w.retryAfter() != null && w.retryAfter().compareTo(wait) > 0) {
            wait = w.retryAfter();
        }
        s.retryAtNanos = System.nanoTime() + wait.toNanos();
        s.failed(e.getMessage());
        LOG.debug("{}: {} failed ({} in a row), next try in {} s: {}", name, s, s.failures, wait.toSeconds(),
                e.getMessage());
    }
}
