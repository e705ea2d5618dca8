package dev.aqueduct.sse;

import dev.aqueduct.core.Platform;
import java.util.concurrent.Executor;

/** What every stream of the SSE transport shares; {@code writers} write to the clients' sockets. */
record SseContext(Platform platform, SseSettings settings, StreamRegistry registry, Executor writers) {
}
