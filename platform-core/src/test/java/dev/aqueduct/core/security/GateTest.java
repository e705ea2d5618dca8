package dev.aqueduct.core.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Decision;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomGrant;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.AuthenticationException.Reason;
import dev.aqueduct.api.spi.Authenticator;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import dev.aqueduct.core.metrics.Telemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final Principal ALICE = new Principal("alice", null, Set.of("staff"),
            List.of(RoomGrant.parse("chat:*", "rw")), Map.of(), Instant.now().plusSeconds(600), "test");
    private static final Limits LIMITS = new Limits(1, 2, 1, 1, 1024, 5);

    private final List<String> failures = new ArrayList<>();
    private final List<String> denied = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry() {
        @Override
        public void authenticationFailed(String reasonCode) {
            failures.add(reasonCode);
        }

        @Override
        public void accessDenied(String action) {
            denied.add(action);
        }
    };

    private Gate gate(List<Authenticator> auths, List<RoomAccessPolicy> policies) {
        return new Gate(() -> auths, () -> policies, () -> LIMITS, new OriginPolicy(List.of()), telemetry);
    }

    @Test
    void chainNeedsOneAllowAndAnyDenyWins() {
        RoomAccessPolicy claims = new ClaimsRoomPolicy("aqueduct-admin");
        RoomAccessPolicy denyLocked = (p, r, a) -> r.namespace().equals("chat") && r.name().startsWith("locked")
                ? Decision.deny("locked") : Decision.abstain();
        Gate g = gate(List.of(), List.of(claims, denyLocked));
        assertTrue(g.authorize(ALICE, RoomId.of("chat:open"), Action.WRITE).isAllow());
        assertTrue(g.authorize(ALICE, RoomId.of("chat:locked-1"), Action.READ).isDeny());
        assertTrue(g.authorize(ALICE, RoomId.of("doc:x"), Action.READ).isDeny(), "no ALLOW means deny");
    }

    @Test
    void allowedActionsAsksEveryActionWithoutCountingRefusals() {
        RoomAccessPolicy denyWrite = (p, r, a) -> a == Action.WRITE && r.name().equals("ro")
                ? Decision.deny("read only") : Decision.abstain();
        Gate g = gate(List.of(), List.of(new ClaimsRoomPolicy("aqueduct-admin"), denyWrite));
        assertEquals(Set.of(Action.READ, Action.WRITE), g.allowedActions(ALICE, RoomId.of("chat:open")));
        assertEquals(Set.of(Action.READ), g.allowedActions(ALICE, RoomId.of("chat:ro")));
        assertEquals(Set.of(), g.allowedActions(ALICE, RoomId.of("doc:x")));
        assertEquals(List.of(), denied);
        g.authorize(ALICE, RoomId.of("chat:ro"), Action.WRITE);
        assertEquals(List.of("WRITE"), denied, "authorize still counts its refusals");
    }

    @Test
    void aThrowingPolicyDenies() {
        RoomAccessPolicy broken = (p, r, a) -> {
            throw new IllegalStateException("database down");
        };
        Gate g = gate(List.of(), List.of(new ClaimsRoomPolicy("aqueduct-admin"), broken));
        assertTrue(g.authorize(ALICE, RoomId.of("chat:x"), Action.READ).isDeny());
    }

    @Test
    void adminGroupMayDoEverything() {
        Principal admin = new Principal("root", null, Set.of("aqueduct-admin"), List.of(), Map.of(),
                Instant.now().plusSeconds(60), "t");
        Gate g = gate(List.of(), List.of(new ClaimsRoomPolicy("aqueduct-admin")));
        assertTrue(g.authorize(admin, RoomId.of("sys:admin"), Action.ADMIN).isAllow());
    }

    @Test
    void authenticationTriesInOrderAndCountsFailures() throws Exception {
        Authenticator none = t -> Optional.empty();
        Authenticator fixed = t -> t.equals("good") ? Optional.of(ALICE) : Optional.empty();
        Authenticator broken = t -> {
            throw new IllegalStateException("boom");
        };
        Gate g = gate(List.of(none, fixed), List.of());
        assertEquals("alice", g.authenticate("good").subject());
        assertEquals(Reason.MISSING, assertThrows(AuthenticationException.class, () -> g.authenticate(" ")).reason());
        assertEquals(Reason.MALFORMED, assertThrows(AuthenticationException.class, () -> g.authenticate("bad")).reason());
        assertEquals(List.of("missing_token", "malformed"), failures);
        Gate g2 = gate(List.of(broken), List.of());
        assertEquals(Reason.MALFORMED, assertThrows(AuthenticationException.class, () -> g2.authenticate("x")).reason());
    }

    @Test
    void principalRateLimitUsesTheBurstThenRefuses() {
        Gate g = gate(List.of(), List.of());
        assertTrue(g.tryAcquire(ALICE).allowed());
        assertTrue(g.tryAcquire(ALICE).allowed());
        RateLimiter.Result r = g.tryAcquire(ALICE);
        assertFalse(r.allowed());
        assertEquals(1, r.retryAfterSeconds());
    }

    @Test
    void originPolicy() {
        OriginPolicy same = new OriginPolicy(List.of());
        assertTrue(same.allows(null, "http", "h:1"));
        assertTrue(same.allows("http://h:1", "http", "h:1"));
        assertFalse(same.allows("http://evil", "http", "h:1"));
        OriginPolicy list = new OriginPolicy(List.of("https://app.example/"));
        assertTrue(list.allows("https://APP.example:443", "http", "h:1"));
        assertTrue(list.allowsCrossOrigin("https://app.example"));
        assertFalse(list.allowsCrossOrigin("https://other.example"));
        assertTrue(new OriginPolicy(List.of("*")).allows("http://any", "http", "h"));
    }
}
