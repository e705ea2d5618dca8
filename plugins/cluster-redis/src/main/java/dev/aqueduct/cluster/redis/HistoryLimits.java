package dev.aqueduct.cluster.redis;

import dev.aqueduct.api.plugin.PluginConfig;
import java.time.Duration;

/**
 * How much history a room keeps in Redis: the same bounds and defaults as the memory history
 * ({@code aqueduct.history.*}), read from {@code aqueduct.plugin.cluster-redis.history.*}; plus {@code ttl}, after
 * which the keys of a room nobody publishes to disappear (its epoch then changes, like a restart of a memory store).
 */
record HistoryLimits(int maxMessages, long maxBytes, Duration maxAge, Duration ttl) {

    static HistoryLimits from(PluginConfig c) {
        HistoryLimits l = new HistoryLimits(c.getInt("history.max-messages", 1000),
                c.getLong("history.max-bytes", 1024 * 1024),
                c.getDuration("history.max-age", Duration.ofHours(1)),
                c.getDuration("history.ttl", Duration.ofDays(7)));
        if (l.maxMessages < 1 || l.maxBytes < 1 || l.maxAge.toMillis() < 1) {
            throw new IllegalArgumentException(c.qualifiedKey("history.*") + ": bounds must be positive");
        }
        if (l.ttl.compareTo(l.maxAge) < 0) {
            throw new IllegalArgumentException(c.qualifiedKey("history.ttl") + " must not be shorter than "
                    + c.qualifiedKey("history.max-age"));
        }
        return l;
    }
}
