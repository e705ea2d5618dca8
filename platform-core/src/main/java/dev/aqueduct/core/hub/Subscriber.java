package dev.aqueduct.core.hub;

import dev.aqueduct.api.Envelope;

/**
 * A local receiver of room messages (one SSE stream, one WebSocket connection). {@link #offer} is called on the
 * publishing thread and must never block: a subscriber queues the message in its own bounded queue, and when that
 * overflows it closes itself as a slow consumer. So one slow client never slows the others.
 */
public interface Subscriber {

    /** Hands over a message; must return quickly and never block. */
    void offer(Envelope envelope);
}
