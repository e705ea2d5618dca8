package dev.aqueduct.core.security;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code ratePerSecond}. Thread-safe.
 */
public final class TokenBucket {

    private final double capacity;
    private final double ratePerNano;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        if (ratePerSecond <= 0 || capacity < 1) {
            throw new IllegalArgumentException("rate must be > 0 and capacity >= 1");
        }
        this.capacity = capacity;
        this.ratePerNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes {@code n} tokens if available. */
    public synchronized boolean tryTake(int n, long nowNanos) {
        refill(nowNanos);
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** Nanoseconds until {@code n} tokens are available (0 if they are now). */
    public synchronized long nanosUntil(int n, long nowNanos) {
        refill(nowNanos);
        double missing = n - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / ratePerNano);
    }

    /** Whether the bucket is full, meaning it can be forgotten without changing behaviour. */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
