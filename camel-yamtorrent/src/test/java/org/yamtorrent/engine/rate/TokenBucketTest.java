package org.yamtorrent.engine.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Token buckets and throttles on a clock the test moves. */
class TokenBucketTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000_000 * MS;

    private TokenBucket bucket(long rate) {
        return new TokenBucket(rate, () -> now);
    }

    @Test
    void startsWithAQuarterSecondAndGoesIntoDebtBeyondIt() {
        TokenBucket b = bucket(4000);
        b.take(1000);
        assertEquals(0, b.waitNanos(), "1000 bytes is what a quarter second at 4000/s holds");
        b.take(2000);
        assertEquals(500 * MS, b.waitNanos(), "2000 bytes of debt at 4000/s are paid in half a second");
        now += 250 * MS;
        assertEquals(250 * MS, b.waitNanos());
        now += 250 * MS;
        assertEquals(0, b.waitNanos());
    }

    @Test
    void refillsNoMoreThanItsBurst() {
        TokenBucket b = bucket(4000);
        now += 60_000 * MS;
        b.take(1000 + 4000);
        assertEquals(1000 * MS, b.waitNanos(), "a minute idle still leaves only a quarter second in the bucket");
    }

    @Test
    void aTinyDebtWaitsAMillisecond() {
        TokenBucket b = bucket(1_000_000_000);
        b.take(250_000_000 + 1);
        assertEquals(TokenBucket.MIN_WAIT_NANOS, b.waitNanos());
    }

    @Test
    void zeroIsUnlimitedAndTheRateCanChange() {
        TokenBucket b = bucket(0);
        b.take(Long.MAX_VALUE / 2);
        assertEquals(0, b.waitNanos());
        assertFalse(b.isLimited());
        b.rate(1000);
        b.take(1250);
        assertEquals(1000 * MS, b.waitNanos(), "the new rate starts full (250) and 1000 bytes short");
        b.rate(0);
        assertEquals(0, b.waitNanos());
        assertThrows(IllegalArgumentException.class, () -> b.rate(-1));
    }

    @Test
    void aThrottleWaitsForItsSlowestBucketAndChargesEvery() {
        TokenBucket session = bucket(1000);
        TokenBucket torrent = bucket(4000);
        Throttle t = new Throttle(torrent, session);
        t.take(1250);
        assertEquals(1000 * MS, t.waitNanos(), "the session's 1000/s is the tighter limit");
        assertEquals(1000 * MS, session.waitNanos());
        assertEquals(62_500_000L, torrent.waitNanos(), "both were charged: the torrent's is 250 bytes short at 4000/s");
    }
}
