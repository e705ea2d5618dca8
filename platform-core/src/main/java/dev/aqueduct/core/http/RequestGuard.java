package dev.aqueduct.core.http;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Decision;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.core.security.Gate;
import dev.aqueduct.core.security.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;

/** The gate applied to an HTTP request, translating refusals into problem responses. */
public final class RequestGuard {

    private RequestGuard() {
    }

    /** Refuses cross-origin browser requests from origins that are not allowed (403). */
    public static void checkOrigin(Gate gate, HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (!gate.origins().allows(origin, req.getScheme(), req.getHeader("Host"))) {
            throw ProblemException.forbidden("origin " + origin + " is not allowed");
        }
    }

    /** Authenticates the request's token (401 with the reason when refused). */
    public static Principal authenticate(Gate gate, HttpServletRequest req) {
        try {
            return gate.authenticate(Tokens.fromRequest(req));
        } catch (AuthenticationException e) {
            throw ProblemException.unauthorized(e.reason().code(), e.getMessage());
        }
    }

    /** Parses a room id (400 when invalid). */
    public static RoomId room(String value) {
        String problem = RoomId.problem(value);
        if (problem != null) {
            throw ProblemException.badRequest("invalid-room", problem);
        }
        return RoomId.of(value);
    }

    /** Requires an action on a room (403 naming the room and action). */
    public static void authorize(Gate gate, Principal p, RoomId room, Action action) {
        Decision d = gate.authorize(p, room, action);
        if (!d.isAllow()) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    action.name() + " is not allowed on room " + room).with("room", room.value())
                    .with("action", action.name()));
        }
    }

    /** Takes one request from the principal's rate limit (429 with Retry-After when it is spent). */
    public static void rateLimit(Gate gate, Principal p) {
        RateLimiter.Result rate = gate.tryAcquire(p);
        if (!rate.allowed()) {
            throw ProblemException.rateLimited(rate.retryAfterSeconds());
        }
    }
}
