package dev.aqueduct.ws;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/**
 * Settings of the document sockets, y-websocket and Hocuspocus ({@code aqueduct.documents.*}; see
 * docs/configuration.md).
 *
 * @param maxMessageBytes     largest incoming message (a whole document may arrive in one sync step 2)
 * @param maxAwarenessBytes   largest awareness update
 * @param maxQueuedMessages   messages waiting to be written before the socket is closed as a slow consumer (4008)
 * @param maxQueuedBytes      bytes waiting to be written
 * @param slowConsumerStall   how long no write may complete before a queue over its bounds closes the socket
 * @param preloadMessages     messages a socket may send for a document before it is authenticated and loaded
 * @param preloadBytes        bytes of those
 * @param maxPendingDocuments Hocuspocus documents a socket may have waiting for authentication at once
 * @param pingInterval        how often the server pings (a ping frame, and Hocuspocus' ping message)
 * @param timeout             a socket from which nothing arrived for this long is closed (4408)
 * @param tokenGrace          time after token expiry for a Hocuspocus provider to send a new token
 */
record DocumentSocketSettings(int maxMessageBytes, int maxAwarenessBytes, int maxQueuedMessages, long maxQueuedBytes,
                              Duration slowConsumerStall, int preloadMessages, long preloadBytes, int maxPendingDocuments, Duration pingInterval,
                              Duration timeout, Duration tokenGrace) {

    static DocumentSocketSettings from(Settings s) {
        return new DocumentSocketSettings(
                Math.max(1024, s.getInt("aqueduct.documents.max-message-bytes", 16 * 1024 * 1024)),
                Math.max(256, s.getInt("aqueduct.documents.max-awareness-bytes", 32 * 1024)),
                Math.max(16, s.getInt("aqueduct.documents.max-queued-messages", 10_000)),
                Math.max(1024, s.getLong("aqueduct.documents.max-queued-bytes", 64L * 1024 * 1024)),
                s.getDuration("aqueduct.documents.slow-consumer-stall", Duration.ofSeconds(5)),
                Math.max(1, s.getInt("aqueduct.documents.preload-max-messages", 1000)),
                Math.max(1024, s.getLong("aqueduct.documents.preload-max-bytes", 16L * 1024 * 1024)),
                Math.max(1, s.getInt("aqueduct.documents.max-pending-documents", 100)),
                s.getDuration("aqueduct.documents.ping-interval", Duration.ofSeconds(10)),
                s.getDuration("aqueduct.documents.timeout", Duration.ofSeconds(60)),
                s.getDuration("aqueduct.documents.token-grace", Duration.ofSeconds(15)));
    }
}
