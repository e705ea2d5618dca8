package dev.aqueduct.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is connected, as an {@link dev.aqueduct.api.spi.Authenticator} made it from a token.
 *
 * @param subject   the stable user id (the token's {@code sub})
 * @param tenant    the tenant, or {@code null} when the deployment has none
 * @param roles     roles (by default the token's {@code groups})
 * @param grants    room grants from the token's room-grants claim
 * @param claims    every claim of the token, for policies that need more
 * @param expiresAt when the credentials stop being valid; connections close then unless refreshed
 * @param issuer    who issued the token
 */
public record Principal(String subject, String tenant, Set<String> roles, List<RoomGrant> grants,
                        Map<String, Object> claims, Instant expiresAt, String issuer) {

    public Principal {
        Objects.requireNonNull(subject, "subject");
        roles = Set.copyOf(roles);
        grants = List.copyOf(grants);
        claims = Map.copyOf(claims);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the principal has the role (or group). */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether the credentials are expired at {@code now}. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
