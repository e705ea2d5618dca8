package dev.aqueduct.api.spi;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Decision;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;

/**
 * Decides whether a principal may take an action in a room. The platform asks every enabled policy, for every
 * message, not only at connect time: any DENY wins, and at least one ALLOW is needed. Implementations must be
 * fast and thread-safe; cache what needs I/O.
 */
public interface RoomAccessPolicy {

    Decision decide(Principal principal, RoomId room, Action action);
}
