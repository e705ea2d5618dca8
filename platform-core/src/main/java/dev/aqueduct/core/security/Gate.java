package dev.aqueduct.core.security;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Decision;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.AuthenticationException.Reason;
import dev.aqueduct.api.spi.Authenticator;
import dev.aqueduct.api.spi.RoomAccessPolicy;
import dev.aqueduct.core.metrics.Telemetry;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one door every transport goes through, for every message: authenticate (token to principal), authorize
 * (principal, room, action to decision) and limit (rates and sizes).
 */
public final class Gate {

    private static final Logger LOG = Logger.getLogger(Gate.class.getName());

    private final Supplier<List<Authenticator>> authenticators;
    private final Supplier<List<RoomAccessPolicy>> policies;
    private final Supplier<Limits> limits;
    private final OriginPolicy origins;
    private final Telemetry telemetry;
    private volatile RateLimiter principalLimiter;
    private volatile Limits limiterLimits;

    public Gate(Supplier<List<Authenticator>> authenticators, Supplier<List<RoomAccessPolicy>> policies,
                Supplier<Limits> limits, OriginPolicy origins, Telemetry telemetry) {
        this.authenticators = authenticators;
        this.policies = policies;
        this.limits = limits;
        this.origins = origins;
        this.telemetry = telemetry;
    }

    /**
     * Authenticates a token with the first authenticator that recognises it.
     *
     * @throws AuthenticationException when there is no token, no authenticator recognises it, or it is refused
     */
    public Principal authenticate(String token) throws AuthenticationException {
        try {
            if (token == null || token.isBlank()) {
                throw new AuthenticationException(Reason.MISSING, "no access token was sent");
            }
            for (Authenticator a : authenticators.get()) {
                Optional<Principal> p;
                try {
                    p = a.authenticate(token);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "authenticator " + a.getClass().getName() + " failed; refusing the token", e);
                    throw new AuthenticationException(Reason.MALFORMED, "token could not be verified");
                }
                if (p.isPresent()) {
                    return p.get();
                }
            }
            throw new AuthenticationException(Reason.MALFORMED, "token is not in a recognised format");
        } catch (AuthenticationException e) {
            telemetry.authenticationFailed(e.reason().code());
            throw e;
        }
    }

    /**
     * Asks the policy chain: any DENY wins, at least one ALLOW is needed. A policy that throws counts as DENY
     * (fail closed).
     */
    public Decision authorize(Principal principal, RoomId room, Action action) {
        Decision d = decide(principal, room, action);
        if (!d.isAllow()) {
            telemetry.accessDenied(action.name());
        }
        return d;
    }

    private Decision decide(Principal principal, RoomId room, Action action) {
        Decision allow = null;
        for (RoomAccessPolicy p : policies.get()) {
            Decision d;
            try {
                d = p.decide(principal, room, action);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "room access policy " + p.getClass().getName() + " failed; denying", e);
                d = Decision.deny("policy error");
            }
            if (d.isDeny()) {
                return d;
            }
            if (d.isAllow() && allow == null) {
                allow = d;
            }
        }
        return allow != null ? allow : Decision.deny("no grant for " + action.name() + " on " + room);
    }

    /** Whether the principal may act now under its per-principal rate limit. */
    public RateLimiter.Result tryAcquire(Principal principal) {
        RateLimiter.Result r = principalLimiter().tryAcquire(principal.subject());
        if (!r.allowed()) {
            telemetry.rateLimited("principal");
        }
        return r;
    }

    /** A fresh per-connection token bucket. */
    public TokenBucket connectionBucket() {
        Limits l = limits();
        return new TokenBucket(l.connectionRate(), l.connectionBurst(), System.nanoTime());
    }

    public Limits limits() {
        return limits.get();
    }

    public OriginPolicy origins() {
        return origins;
    }

    /** Forgets idle rate-limit state; called periodically. */
    public void sweep() {
        RateLimiter r = principalLimiter;
        if (r != null) {
            r.sweep();
        }
    }

    private RateLimiter principalLimiter() {
        Limits l = limits.get();
        RateLimiter r = principalLimiter;
        if (r == null || !l.equals(limiterLimits)) {
            synchronized (this) {
                if (principalLimiter == null || !l.equals(limiterLimits)) {
                    principalLimiter = new RateLimiter(l.principalRate(), l.principalBurst(), System::nanoTime);
                    limiterLimits = l;
                }
                r = principalLimiter;
            }
        }
        return r;
    }

    /**
     * Every action the policies allow the principal in the room, decided as {@link #authorize} does but not counted
     * as refusals: it describes what a caller may do, it refuses nothing.
     */
    public Set<Action> allowedActions(Principal principal, RoomId room) {
        EnumSet<Action> out = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) {
            if (decide(principal, room, a).isAllow()) {
                out.add(a);
            }
        }
        return out;
    }
}
