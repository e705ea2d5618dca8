package dev.aqueduct.core.security;

import dev.aqueduct.core.config.Settings;

/**
 * Size and rate limits applied by the gate. Rates are token buckets: {@code rate} per second with a burst of
 * {@code burst}.
 */
public record Limits(double principalRate, double principalBurst, double connectionRate, double connectionBurst,
                     int maxMessageBytes, int maxRoomsPerConnection) {

    public static Limits from(Settings s) {
        return new Limits(
                s.getDouble("aqueduct.limits.principal.rate", 50),
                s.getDouble("aqueduct.limits.principal.burst", 100),
                s.getDouble("aqueduct.limits.connection.rate", 20),
                s.getDouble("aqueduct.limits.connection.burst", 40),
                s.getInt("aqueduct.limits.max-message-bytes", 64 * 1024),
                s.getInt("aqueduct.limits.max-rooms-per-connection", 50));
    }
}
