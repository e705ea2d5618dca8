package dev.aqueduct.ws;

import dev.aqueduct.core.config.Settings;

/**
 * Settings of the document endpoints ({@code aqueduct.documents.*} that concern connections).
 *
 * @param maxMessageBytes   largest incoming message (a whole document may arrive in one sync step 2)
 * @param maxAwarenessBytes largest awareness update
 * @param maxQueuedMessages messages waiting to be written before the connection is closed as a slow consumer
 * @param maxQueuedBytes    bytes waiting to be written
 * @param preloadMessages   messages a connection may send while its document is still loading
 * @param preloadBytes      bytes of those
 */
record YjsSettings(int maxMessageBytes, int maxAwarenessBytes, int maxQueuedMessages, long maxQueuedBytes,
                   int preloadMessages, long preloadBytes) {

    static YjsSettings from(Settings s) {
        return new YjsSettings(
                Math.max(1024, s.getInt("aqueduct.documents.max-message-bytes", 16 * 1024 * 1024)),
                Math.max(256, s.getInt("aqueduct.documents.max-awareness-bytes", 32 * 1024)),
                Math.max(16, s.getInt("aqueduct.documents.max-queued-messages", 10_000)),
                Math.max(1024, s.getLong("aqueduct.documents.max-queued-bytes", 64L * 1024 * 1024)),
                Math.max(1, s.getInt("aqueduct.documents.preload-max-messages", 100)),
                Math.max(1024, s.getLong("aqueduct.documents.preload-max-bytes", 16L * 1024 * 1024)));
    }
}
