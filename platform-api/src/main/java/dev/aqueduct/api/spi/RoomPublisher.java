package dev.aqueduct.api.spi;

import dev.aqueduct.api.Envelope;
import dev.aqueduct.api.RoomId;

/** Publishes into a room as the system, bypassing per-user authorization (the caller is trusted code). */
public interface RoomPublisher {

    /**
     * Publishes a message; it gets the room's next {@code seq}, goes into history and to every subscriber on every
     * node.
     *
     * @param room        target room
     * @param type        message type
     * @param payloadJson application data as JSON text
     * @return the envelope as stored
     */
    Envelope publish(RoomId room, String type, String payloadJson);
}
