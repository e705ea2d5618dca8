package dev.aqueduct.core.hub;

import dev.aqueduct.api.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers the envelope published for an idempotency key during a window, so a retried publish returns the
 * original instead of publishing twice. Bounded in entries; the oldest keys go first.
 */
public final class IdempotencyCache {

    private record Entry(Envelope envelope, long expiresAt) {
    }

    private final Supplier<Duration> window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public IdempotencyCache(Supplier<Duration> window, int maxEntries, Clock clock) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /**
     * Returns the envelope already published under {@code key}, or publishes with {@code publish} and remembers
     * the result. Concurrent calls with the same key publish once.
     */
    public synchronized Envelope computeIfAbsent(String key, Supplier<Envelope> publish) {
        long now = clock.millis();
        expire(now);
        Entry e = entries.get(key);
        if (e != null) {
            return e.envelope;
        }
        Envelope published = publish.get();
        entries.put(key, new Entry(published, now + window.get().toMillis()));
        while (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            it.next();
            it.remove();
        }
        return published;
    }

    /** Whether a key is remembered (for tests). */
    public synchronized boolean contains(String key) {
        expire(clock.millis());
        return entries.containsKey(key);
    }

    private void expire(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            if (it.next().expiresAt <= now) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
