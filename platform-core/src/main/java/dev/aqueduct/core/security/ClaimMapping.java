package dev.aqueduct.core.security;

import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomGrant;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.AuthenticationException.Reason;
import dev.aqueduct.core.config.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps verified token claims to a {@link Principal}: which claim holds the roles (a dotted path such as
 * {@code realm_access.roles} works), which the tenant, and which the room grants.
 *
 * @param rolesClaim  claim with the roles or groups, default {@code groups}
 * @param tenantClaim claim with the tenant, default {@code tenant}
 * @param roomsClaim  claim with the room grants, default {@code rooms}: an object of room patterns to action
 *                    letters, e.g. {@code {"chat:*":"rwp"}}
 */
public record ClaimMapping(String rolesClaim, String tenantClaim, String roomsClaim) {

    public static ClaimMapping from(Settings s) {
        return new ClaimMapping(s.get("aqueduct.auth.roles-claim", "groups"),
                s.get("aqueduct.auth.tenant-claim", "tenant"),
                s.get("aqueduct.auth.rooms-claim", "rooms"));
    }

    public static ClaimMapping defaults() {
        return new ClaimMapping("groups", "tenant", "rooms");
    }

    public Principal toPrincipal(Map<String, Object> claims, Instant expiresAt) throws AuthenticationException {
        Object sub = claims.get("sub");
        if (!(sub instanceof String subject) || subject.isBlank()) {
            throw new AuthenticationException(Reason.INVALID_CLAIMS, "token has no subject (sub)");
        }
        Set<String> roles = new LinkedHashSet<>();
        Object r = path(claims, rolesClaim);
        if (r instanceof Collection<?> c) {
            for (Object o : c) {
                if (o != null) {
                    roles.add(o.toString());
                }
            }
        } else if (r instanceof String s) {
            for (String part : s.split("[ ,]+")) {
                if (!part.isEmpty()) {
                    roles.add(part);
                }
            }
        } else if (r != null) {
            throw new AuthenticationException(Reason.INVALID_CLAIMS, "claim '" + rolesClaim + "' is not a list of strings");
        }
        Object t = path(claims, tenantClaim);
        String tenant = t == null ? null : t.toString();
        List<RoomGrant> grants = new ArrayList<>();
        Object g = path(claims, roomsClaim);
        if (g instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String letters)) {
                    throw new AuthenticationException(Reason.INVALID_CLAIMS,
                            "claim '" + roomsClaim + "': grant for '" + e.getKey() + "' is not a string of action letters");
                }
                try {
                    grants.add(RoomGrant.parse(String.valueOf(e.getKey()), letters));
                } catch (IllegalArgumentException ex) {
                    throw new AuthenticationException(Reason.INVALID_CLAIMS,
                            "claim '" + roomsClaim + "': " + ex.getMessage());
                }
            }
        } else if (g != null) {
            throw new AuthenticationException(Reason.INVALID_CLAIMS,
                    "claim '" + roomsClaim + "' must be an object of room patterns to action letters");
        }
        Object iss = claims.get("iss");
        return new Principal(subject, tenant, roles, grants, withoutNulls(claims), expiresAt,
                iss == null ? null : iss.toString());
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> claims) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        claims.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** Looks a claim up by a dotted path; a claim whose own name contains dots wins over the path. */
    static Object path(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object cur = claims;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }
}
