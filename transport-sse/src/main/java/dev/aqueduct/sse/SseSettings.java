package dev.aqueduct.sse;

import dev.aqueduct.core.config.Settings;
import java.time.Duration;

/**
 * Settings of the SSE transport.
 *
 * @param heartbeat       idle time after which a {@code :} comment is sent ({@code aqueduct.sse.heartbeat}, 15s)
 * @param retry           reconnection delay suggested to clients ({@code aqueduct.sse.retry}, 3s)
 * @param maxQueuedEvents events a stream may have waiting before it is closed as a slow consumer
 *                        ({@code aqueduct.sse.max-queued-events}, 1000)
 * @param maxQueuedBytes  bytes a stream may have waiting ({@code aqueduct.sse.max-queued-bytes}, 4 MiB)
 * @param closeGrace      how long a closing stream may take to flush its last event ({@code aqueduct.sse.close-grace}, 5s)
 * @param writerThreads   threads writing to clients ({@code aqueduct.sse.writer-threads}, 16); a client that stops
 *                        reading can hold one in a blocked write until the queue overflows and the server's write
 *                        timeout ends it, so keep this above the number of stalled clients you expect at once
 */
public record SseSettings(Duration heartbeat, Duration retry, int maxQueuedEvents, long maxQueuedBytes,
                          Duration closeGrace, int writerThreads) {

    public static SseSettings from(Settings s) {
        return new SseSettings(s.getDuration("aqueduct.sse.heartbeat", Duration.ofSeconds(15)),
                s.getDuration("aqueduct.sse.retry", Duration.ofSeconds(3)),
                s.getInt("aqueduct.sse.max-queued-events", 1000),
                s.getLong("aqueduct.sse.max-queued-bytes", 4L * 1024 * 1024),
                s.getDuration("aqueduct.sse.close-grace", Duration.ofSeconds(5)),
                Math.max(1, s.getInt("aqueduct.sse.writer-threads", 16)));
    }
}
