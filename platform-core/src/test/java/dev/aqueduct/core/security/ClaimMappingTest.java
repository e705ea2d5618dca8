package dev.aqueduct.core.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Principal;
import dev.aqueduct.api.spi.AuthenticationException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimMappingTest {

    @Test
    void rolesFromANestedClaimPath() throws Exception {
        ClaimMapping m = new ClaimMapping("realm_access.roles", "org", "grants");
        Principal p = m.toPrincipal(Map.of("sub", "a", "realm_access", Map.of("roles", List.of("x", "y")),
                "org", "acme", "grants", Map.of("doc:*", "rw")), Instant.now().plusSeconds(60));
        assertTrue(p.hasRole("x") && p.hasRole("y"));
        assertEquals("acme", p.tenant());
        assertEquals("doc:*", p.grants().get(0).pattern());
    }

    @Test
    void rolesAsSpaceSeparatedStringAndAbsentClaims() throws Exception {
        Principal p = ClaimMapping.defaults().toPrincipal(Map.of("sub", "a", "groups", "a b,c"),
                Instant.now().plusSeconds(60));
        assertEquals(3, p.roles().size());
        assertNull(p.tenant());
        assertTrue(p.grants().isEmpty());
    }

    @Test
    void wrongShapesAreRefused() {
        assertThrows(AuthenticationException.class, () -> ClaimMapping.defaults()
                .toPrincipal(Map.of("sub", "a", "groups", Map.of("x", 1)), Instant.now()));
        assertThrows(AuthenticationException.class, () -> ClaimMapping.defaults()
                .toPrincipal(Map.of("sub", "a", "rooms", Map.of("chat:*", 7)), Instant.now()));
        assertThrows(AuthenticationException.class, () -> ClaimMapping.defaults()
                .toPrincipal(Map.of("sub", ""), Instant.now()));
    }
}
