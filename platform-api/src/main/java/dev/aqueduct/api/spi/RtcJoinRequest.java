package dev.aqueduct.api.spi;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A request to join a room on an SFU, made by the platform after authorization.
 *
 * @param principal who asks (already authenticated)
 * @param room      the room; the principal may SIGNAL in it
 * @param allowed   every action the platform's policies allow the principal in the room (always contains
 *                  {@link Action#SIGNAL}). Providers map them to SFU permissions; the documented mapping is WRITE to
 *                  publish media and data, READ to subscribe, ADMIN to administer the SFU room
 * @param now       the platform clock's current time, the start of the ticket's validity
 */
public record RtcJoinRequest(Principal principal, RoomId room, Set<Action> allowed, Instant now) {

    public RtcJoinRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(room, "room");
        allowed = allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
        Objects.requireNonNull(now, "now");
    }

    /** Whether the platform allows {@code action} to the principal in the room. */
    public boolean allows(Action action) {
        return allowed.contains(action);
    }
}
