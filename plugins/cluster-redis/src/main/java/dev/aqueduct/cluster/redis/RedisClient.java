package dev.aqueduct.cluster.redis;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands over one connection, opened on first use and again after it broke. Calls are serialized, so commands of
 * one client reach Redis in call order. A broken connection fails the call in progress with
 * {@link RedisUnavailableException}; only {@link #callIdempotent} retries, once, on a fresh connection (a command
 * that may have run must not run twice).
 */
final class RedisClient implements AutoCloseable {

    private final RedisSettings settings;
    private final AtomicLong failures = new AtomicLong();
    private RedisConnection connection;
    private volatile String lastError;
    private volatile boolean closed;

    RedisClient(RedisSettings settings) {
        this.settings = settings;
    }

    synchronized Object call(Object... args) {
        return call(false, args);
    }

    synchronized Object callIdempotent(Object... args) {
        return call(true, args);
    }

    private Object call(boolean retry, Object... args) {
        if (closed) {
            throw new RedisUnavailableException("the Redis client is closed", null);
        }
        boolean reused = connection != null;
        try {
            return connect().call(args);
        } catch (IOException e) {
            drop(e);
            if (retry && reused) {
                try {
                    return connect().call(args);
                } catch (IOException again) {
                    drop(again);
                    throw unavailable(again);
                }
            }
            throw unavailable(e);
        }
    }

    /** Whether Redis answers a PING now. */
    boolean ping() {
        try {
            return "PONG".equals(callIdempotent("PING"));
        } catch (RedisException e) {
            return false;
        }
    }

    /** The last connection problem, or null. */
    String lastError() {
        return lastError;
    }

    long failures() {
        return failures.get();
    }

    RedisSettings settings() {
        return settings;
    }

    private RedisConnection connect() throws IOException {
        if (connection == null) {
            connection = RedisConnection.open(settings, (int) settings.commandTimeout().toMillis());
            lastError = null;
        }
        return connection;
    }

    private void drop(IOException e) {
        failures.incrementAndGet();
        lastError = e.toString();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private RedisUnavailableException unavailable(IOException e) {
        return new RedisUnavailableException("Redis at " + settings.address() + " is unavailable: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
