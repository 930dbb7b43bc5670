package org.yamtorrent.engine.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves {@link LeakCheck} would catch a leak, so its silence in the other tests means something. */
@ExtendWith(LeakCheck.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeakCheckTest {

    @Test
    void reportsABufferCollectedWithoutRelease() throws InterruptedException {
        List<String> leaks = List.of();
        for (int attempt = 0; attempt < 10 && leaks.isEmpty(); attempt++) {
            leakOneBuffer();
            leaks = LeakCheck.collectLeaks();
        }
        assertFalse(leaks.isEmpty(), "the deliberately leaked buffer was not reported");
    }

    private static void leakOneBuffer() {
        PooledByteBufAllocator.DEFAULT.buffer(16).writeInt(42);
    }
}
