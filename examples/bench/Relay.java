import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay that delays each direction by a fixed time, for a WAN-like round trip on loopback (this kernel has
 * no netem). Every connection to {@code 127.0.0.1:listenPort} is relayed to {@code 127.0.0.1:targetPort}; each
 * chunk read is written on the other side {@code delayMs} after it was read, so a round trip gains twice the delay
 * while the rate is not limited. At most {@code MAX_IN_FLIGHT} bytes per direction wait (TCP back-pressure beyond).
 *
 * <pre>java examples/bench/Relay.java listenPort targetPort [delayMs=25]</pre>
 *
 * Not part of the product (the benchmark starts it); hand-written because a delay without netem needs a userspace
 * relay, and no Debian package or Java library offers one.
 */
public final class Relay {

    private static final int CHUNK = 256 * 1024;
    /** Enough for 1 GiB/s over 25 ms (25 MiB) with room: the relay must not be the window that limits. */
    private static final int MAX_IN_FLIGHT = 64 << 20;
    private static final byte[] END = new byte[0];

    private record Chunk(byte[] data, long dueNanos) {
    }

    public static void main(String[] args) throws IOException {
        int listen = Integer.parseInt(args[0]);
        int target = Integer.parseInt(args[1]);
        long delayNanos = (args.length > 2 ? Long.parseLong(args[2]) : 25) * 1_000_000L;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(listen, 50, loopback)) {
            System.out.println("relay 127.0.0.1:" + listen + " -> 127.0.0.1:" + target + ", "
                               + delayNanos / 1_000_000 + " ms each way");
            while (true) {
                Socket in = server.accept();
                Socket out = new Socket();
                try {
                    out.connect(new InetSocketAddress(loopback, target), 5000);
                } catch (IOException e) {
                    in.close();
                    continue;
                }
                for (Socket s : new Socket[] {in, out}) {
                    s.setTcpNoDelay(true);
                }
                AtomicInteger open = new AtomicInteger(2); // directions still running; the last closes both
                pipe(in, out, delayNanos, open);
                pipe(out, in, delayNanos, open);
            }
        }
    }

    /**
     * One direction: a reader that stamps what it reads, a writer that sends it when due. Both batch (the reader takes
     * what has arrived, up to a chunk; the writer sends what falls due within the next millisecond) so that a loaded
     * machine's wake-up latency, not the relay, is what little it costs.
     */
    private static void pipe(Socket from, Socket to, long delayNanos, AtomicInteger open) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Semaphore room = new Semaphore(MAX_IN_FLIGHT); // bytes read and not yet written
        Thread reader = new Thread(() -> {
            try {
                InputStream in = from.getInputStream();
                byte[] buf = new byte[CHUNK];
                int n;
                while ((n = in.read(buf)) > 0) {
                    while (n < buf.length && in.available() > 0) {
                        n += in.read(buf, n, Math.min(buf.length - n, in.available()));
                    }
                    room.acquire(n);
                    queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException | InterruptedException e) {
                // the connection is gone: the writer ends it on the other side
            }
            queue.add(new Chunk(END, System.nanoTime() + delayNanos));
        });
        Thread writer = new Thread(() -> {
            boolean clean = false;
            try {
                OutputStream out = to.getOutputStream();
                while (!clean) {
                    Chunk c = queue.take();
                    // parkNanos, not Thread.sleep(ms, ns): JDK 17 rounds that up to whole milliseconds
                    for (long wait; (wait = c.dueNanos() - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    long soon = System.nanoTime() + 1_000_000;
                    for (; c != null; c = next(queue, soon)) {
                        if (c.data() == END) {
                            to.shutdownOutput(); // the other direction may still carry data
                            clean = true;
                            break;
                        }
                        out.write(c.data());
                        room.release(c.data().length);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the other side reset the connection
            }
            if (!clean || open.decrementAndGet() == 0) {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /** The next chunk if it is due by {@code byNanos}, else null. */
    private static Chunk next(BlockingQueue<Chunk> queue, long byNanos) {
        Chunk c = queue.peek();
        return c != null && c.dueNanos() - byNanos <= 0 ? queue.poll() : null;
    }
}
