package dev.aqueduct.api;

import java.util.Objects;

/**
 * The answer of a {@link dev.aqueduct.api.spi.RoomAccessPolicy}. Policies form a chain: any {@link Verdict#DENY}
 * wins, and at least one {@link Verdict#ALLOW} is needed for access.
 *
 * @param verdict what the policy decided
 * @param reason  a short human-readable reason, shown in logs and audit; never shown to the end user as a secret
 */
public record Decision(Verdict verdict, String reason) {

    /** A policy's verdict. */
    public enum Verdict {
        /** The policy grants access, unless another policy denies it. */
        ALLOW,
        /** The policy refuses access; this wins over every ALLOW. */
        DENY,
        /** The policy has no opinion. */
        ABSTAIN
    }

    private static final Decision ABSTAIN = new Decision(Verdict.ABSTAIN, "no opinion");

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
    }

    public static Decision allow(String reason) {
        return new Decision(Verdict.ALLOW, reason);
    }

    public static Decision deny(String reason) {
        return new Decision(Verdict.DENY, reason);
    }

    public static Decision abstain() {
        return ABSTAIN;
    }

    public boolean isAllow() {
        return verdict == Verdict.ALLOW;
    }

    public boolean isDeny() {
        return verdict == Verdict.DENY;
    }
}
