package dev.aqueduct.webrtc;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/**
 * Settings of {@code WS /signaling} ({@code aqueduct.rtc.signaling.*}; see docs/configuration.md). Message size,
 * rates and topics per connection are the gate's ({@code aqueduct.limits.*}).
 *
 * @param heartbeat         interval of server ping frames
 * @param pongTimeout       how long after a missed heartbeat a silent connection is closed (4408)
 * @param maxQueuedMessages messages a connection may have waiting before it is closed as a slow consumer (4008)
 * @param maxQueuedBytes    bytes a connection may have waiting
 * @param slowConsumerStall how long no write may complete before a queue over its bounds closes the connection
 * @param maxMalformed      malformed messages tolerated within a minute before the close (4400)
 * @param rateLimitStrikes  rate-limited messages in a row before the close (4429)
 */
record SignalingSettings(Duration heartbeat, Duration pongTimeout, int maxQueuedMessages, long maxQueuedBytes,
                         Duration slowConsumerStall, int maxMalformed, int rateLimitStrikes) {

    static SignalingSettings from(Settings s) {
        return new SignalingSettings(
                s.getDuration("aqueduct.rtc.signaling.heartbeat", Duration.ofSeconds(30)),
                s.getDuration("aqueduct.rtc.signaling.pong-timeout", Duration.ofSeconds(10)),
                Math.max(1, s.getInt("aqueduct.rtc.signaling.max-queued-messages", 1000)),
                Math.max(1024, s.getLong("aqueduct.rtc.signaling.max-queued-bytes", 1024L * 1024)),
                s.getDuration("aqueduct.rtc.signaling.slow-consumer-stall", Duration.ofSeconds(1)),
                Math.max(0, s.getInt("aqueduct.rtc.signaling.max-malformed", 10)),
                Math.max(1, s.getInt("aqueduct.rtc.signaling.rate-limit-strikes", 10)));
    }
}
