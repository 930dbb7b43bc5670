package org.yamtorrent.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.TorrentHandle;

/**
 * Shows a torrent's progress: on a terminal one line redrawn in place twice a second; otherwise (a pipe, a file, a
 * script) a plain line every {@code plainIntervalMillis}, so logs stay readable.
 */
final class ProgressDisplay {

    private static final long TERMINAL_INTERVAL_MILLIS = 500;

    private final PrintWriter out;
    private final boolean terminal;
    private final long plainIntervalMillis;

    ProgressDisplay(PrintWriter out, boolean terminal, long plainIntervalMillis) {
        this.out = out;
        this.terminal = terminal;
        this.plainIntervalMillis = plainIntervalMillis;
    }

    /** True when stdin and stdout are a terminal and TERM is not "dumb". */
    static boolean onTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /**
     * Shows progress until the torrent completes or fails, or {@code deadlineNanos} (a {@link System#nanoTime()};
     * 0 for none) passes; the last line stays on screen. Returns whether the torrent is done (completed or failed).
     */
    boolean follow(TorrentHandle t, long deadlineNanos) throws InterruptedException {
        long interval = terminal ? TERMINAL_INTERVAL_MILLIS : plainIntervalMillis;
        long wait = interval > 0 ? interval : Long.MAX_VALUE / 2;
        while (!t.completion().isDone()) {
            long left = deadlineNanos == 0 ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                break;
            }
            if (interval > 0) {
                show(line(t.name(), t.progress()));
            }
            try {
                t.completion().get(Math.min(wait, left), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // done (the caller reads the outcome), or time for the next line
            }
        }
        if (terminal) {
            show(line(t.name(), t.progress()));
            out.println();
            out.flush();
        }
        return t.completion().isDone();
    }

    private void show(String line) {
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else {
            out.println(line);
            out.flush();
        }
    }

    static String line(String name, Progress p) {
        long eta = p.etaSeconds();
        return String.format(Locale.ROOT, "%s  %5.1f%%  %s/s down  %s/s up  %d peers  ETA %s", name, p.percent(),
                bytes(p.downloadRate()), bytes(p.uploadRate()), p.peers(), eta < 0 ? "--" : duration(eta));
    }

    static String bytes(double n) {
        String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
        int u = 0;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
