package dev.aqueduct.core.security;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Decision;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomGrant;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.RoomAccessPolicy;

/**
 * The built-in policy: members of the admin group may do everything; everyone else may do what the room grants in
 * their token allow. It never denies, so other policies can add access (or take it away with a DENY).
 */
public final class ClaimsRoomPolicy implements RoomAccessPolicy {

    private final String adminGroup;

    public ClaimsRoomPolicy(String adminGroup) {
        this.adminGroup = adminGroup;
    }

    @Override
    public Decision decide(Principal principal, RoomId room, Action action) {
        if (principal.hasRole(adminGroup)) {
            return Decision.allow("member of " + adminGroup);
        }
        for (RoomGrant g : principal.grants()) {
            if (g.allows(room, action)) {
                return Decision.allow("grant " + g.pattern());
            }
        }
        return Decision.abstain();
    }
}
