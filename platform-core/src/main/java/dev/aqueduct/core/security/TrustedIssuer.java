package dev.aqueduct.core.security;

import java.util.List;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * An issuer whose tokens are accepted: its {@code iss} value, how to find its verification keys, and the audiences
 * a token must name (at least one).
 */
public record TrustedIssuer(String issuer, VerificationKeyResolver keys, List<String> audiences) {

    public TrustedIssuer {
        audiences = List.copyOf(audiences);
    }
}
