package dev.aqueduct.ws;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/**
 * Settings of the room bus ({@code aqueduct.ws.*}; see docs/configuration.md). The batch window and the writer
 * threads are read by {@link dev.aqueduct.core.socket.SocketWriters}, which every WebSocket endpoint shares.
 *
 * @param helloTimeout       how long a new connection may take to send {@code hello}
 * @param heartbeat          interval of server ping frames
 * @param pongTimeout        how long after a missed heartbeat a silent connection is closed (4408)
 * @param tokenGrace         time after token expiry to {@code refresh} before the close (4401)
 * @param maxQueuedMessages  messages a connection may have waiting before it is closed as a slow consumer (4008)
 * @param maxQueuedBytes     bytes a connection may have waiting
 * @param slowConsumerStall  how long no write may complete before a queue over its bounds closes the connection
 *                           (up to twice the bounds are tolerated meanwhile)
 * @param maxMalformed       malformed messages tolerated within a minute before the close (4400)
 * @param rateLimitStrikes   rate-limited messages in a row before the close (4429)
 * @param batchMaxMessages   messages per frame for clients that accept batches
 * @param presenceMaxMembers rooms with more presence members get counts only
 * @param signalTimeout      how long a room signal may wait for the target's node to answer ({@code peer-unreachable})
 */
public record BusSettings(Duration helloTimeout, Duration heartbeat, Duration pongTimeout, Duration tokenGrace,
                          int maxQueuedMessages, long maxQueuedBytes, Duration slowConsumerStall, int maxMalformed,
                          int rateLimitStrikes,
                          int batchMaxMessages, int presenceMaxMembers, Duration signalTimeout) {

    public static BusSettings from(Settings s) {
        return new BusSettings(
                s.getDuration("aqueduct.ws.hello-timeout", Duration.ofSeconds(10)),
                s.getDuration("aqueduct.ws.heartbeat", Duration.ofSeconds(25)),
                s.getDuration("aqueduct.ws.pong-timeout", Duration.ofSeconds(10)),
                s.getDuration("aqueduct.ws.token-grace", Duration.ofSeconds(15)),
                Math.max(1, s.getInt("aqueduct.ws.max-queued-messages", 1000)),
                Math.max(1024, s.getLong("aqueduct.ws.max-queued-bytes", 4L * 1024 * 1024)),
                s.getDuration("aqueduct.ws.slow-consumer-stall", Duration.ofSeconds(1)),
                Math.max(0, s.getInt("aqueduct.ws.max-malformed", 10)),
                Math.max(1, s.getInt("aqueduct.ws.rate-limit-strikes", 10)),
                Math.max(1, s.getInt("aqueduct.ws.batch-max-messages", 64)),
                Math.max(0, s.getInt("aqueduct.ws.presence.max-members", 100)),
                s.getDuration("aqueduct.ws.signal-timeout", Duration.ofSeconds(5)));
    }
}
