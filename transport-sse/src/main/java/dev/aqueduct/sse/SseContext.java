package dev.aqueduct.sse;

import dev.aqueduct.core.Platform;

/** What every stream of the SSE transport shares. */
record SseContext(Platform platform, SseSettings settings, StreamRegistry registry) {
}
