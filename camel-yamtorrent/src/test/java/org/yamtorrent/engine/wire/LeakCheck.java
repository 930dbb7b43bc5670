package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with Netty's leak detection at PARANOID (every buffer tracked) and fails a test after which
 * Netty reports a ByteBuf that was garbage collected without being released.
 */
final class LeakCheck implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static boolean listening;

    private ResourceLeakDetector.Level previous;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        listen();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        assertEquals(List.of(), collectLeaks(), "Netty reported leaked buffers");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ResourceLeakDetector.setLevel(previous);
    }

    /**
     * Listens on the detector all ByteBufs share. It is created when the buffer classes load, which another test
     * in this JVM may have done already, so a detector factory set now could come too late: hence reflection.
     */
    private static synchronized void listen() throws ReflectiveOperationException {
        if (!listening) {
            Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
            detector.setLeakListener((type, records) -> LEAKS.add(type + " leaked" + records));
            listening = true;
        }
    }

    /**
     * Netty notices a collected, unreleased buffer only while tracking a new one: collect garbage, then allocate,
     * twice since the collector enqueues the references on its own thread.
     */
    static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
        }
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }
}
