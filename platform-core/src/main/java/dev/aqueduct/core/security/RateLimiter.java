package dev.aqueduct.core.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by principal (or any key). Buckets that refilled completely are dropped by {@link #sweep},
 * so memory follows the number of recently active keys.
 */
public final class RateLimiter {

    /** Outcome of a check: allowed, or how long to wait. */
    public record Result(boolean allowed, long retryAfterNanos) {
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterNanos + 999_999_999L) / 1_000_000_000L);
        }
    }

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    public Result tryAcquire(String key) {
        long now = nanoClock.getAsLong();
        TokenBucket b = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, now));
        if (b.tryTake(1, now)) {
            return new Result(true, 0);
        }
        return new Result(false, b.nanosUntil(1, now));
    }

    /** A bucket for one connection, not kept in this limiter. */
    public TokenBucket newBucket() {
        return new TokenBucket(ratePerSecond, burst, nanoClock.getAsLong());
    }

    /** Drops the buckets that are full again. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        buckets.values().removeIf(b -> b.isFull(now));
    }

    int size() {
        return buckets.size();
    }
}
