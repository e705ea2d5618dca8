package dev.aqueduct.core.security;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void refillsAtTheRateUpToCapacity() {
        TokenBucket b = new TokenBucket(10, 3, 0);
        assertTrue(b.tryTake(3, 0));
        assertFalse(b.tryTake(1, 0));
        assertEquals(100_000_000L, b.nanosUntil(1, 0));
        assertTrue(b.tryTake(1, 100_000_000L));
        assertFalse(b.isFull(100_000_000L));
        assertTrue(b.isFull(10_000_000_000L));
        assertTrue(b.tryTake(3, 10_000_000_000L));
        assertFalse(b.tryTake(1, 10_000_000_000L), "capacity caps the refill");
    }

    @Test
    void limiterKeepsOneBucketPerKeyAndForgetsFullOnes() {
        AtomicLong now = new AtomicLong();
        RateLimiter l = new RateLimiter(1, 1, now::get);
        assertTrue(l.tryAcquire("a").allowed());
        assertFalse(l.tryAcquire("a").allowed());
        assertTrue(l.tryAcquire("b").allowed());
        assertEquals(2, l.size());
        now.set(5_000_000_000L);
        l.sweep();
        assertEquals(0, l.size());
        assertTrue(l.tryAcquire("a").allowed());
    }
}
