package dev.aqueduct.core.hub;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/** How much history a room keeps: at most this many messages, this many bytes, and nothing older than maxAge. */
public record HistoryBounds(int maxMessages, long maxBytes, Duration maxAge) {

    public static HistoryBounds from(Settings s) {
        return new HistoryBounds(s.getInt("aqueduct.history.max-messages", 1000),
                s.getLong("aqueduct.history.max-bytes", 1024 * 1024),
                s.getDuration("aqueduct.history.max-age", Duration.ofHours(1)));
    }
}
