package dev.aqueduct.api.spi;

import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;

/**
 * What a {@link LifecycleHook} learns about an event.
 *
 * @param transport    the transport name ({@code sse}, {@code ws}, {@code yjs}, ...)
 * @param connectionId the connection, unique on this node
 * @param principal    who, or {@code null} before authentication
 * @param room         the room concerned, or {@code null} for connection-level events
 * @param payload      the message or update, when the event has one; may be {@code null}
 */
public record HookContext(String transport, String connectionId, Principal principal, RoomId room, Object payload) {
}
