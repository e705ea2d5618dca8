package dev.aqueduct.webrtc;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/**
 * Settings of {@code POST /api/v1/rtc/stats} ({@code aqueduct.rtc.stats.*}; see docs/webrtc.md).
 *
 * @param expiry                      a peer connection that has not reported for this long is no longer active
 * @param maxBytes                    largest report body accepted (413 above)
 * @param maxConnections              most peer connections tracked on this node (503 for new ones above)
 * @param maxConnectionsPerPrincipal  most tracked per user; a new one pushes out that user's least recent
 */
record RtcStatsSettings(Duration expiry, int maxBytes, int maxConnections, int maxConnectionsPerPrincipal) {

    static RtcStatsSettings from(Settings s) {
        RtcStatsSettings r = new RtcStatsSettings(s.getDuration("aqueduct.rtc.stats.expiry", Duration.ofSeconds(30)),
                s.getInt("aqueduct.rtc.stats.max-bytes", 4096),
                s.getInt("aqueduct.rtc.stats.max-connections", 100_000),
                s.getInt("aqueduct.rtc.stats.max-connections-per-principal", 32));
        if (r.expiry.isNegative() || r.expiry.isZero()) {
            throw new IllegalArgumentException("aqueduct.rtc.stats.expiry: must be positive");
        }
        return r;
    }
}
