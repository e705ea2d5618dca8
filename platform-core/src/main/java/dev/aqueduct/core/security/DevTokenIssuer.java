package dev.aqueduct.core.security;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The development token issuer: signs short-lived RS256 tokens with a key pair generated at start-up, so a fresh
 * checkout works without an identity provider. It exists only when {@code aqueduct.dev.enabled=true}; its key is
 * never written anywhere and dies with the process.
 */
public final class DevTokenIssuer {

    /** A minted token and when it expires. */
    public record Minted(String token, Instant expiresAt) {
    }

    private final String issuer;
    private final List<String> audiences;
    private final Duration maxTtl;
    private final Clock clock;
    private final KeyPair keys;
    private final String keyId = UUID.randomUUID().toString();

    public DevTokenIssuer(String issuer, List<String> audiences, Duration maxTtl, Clock clock) {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.maxTtl = maxTtl;
        this.clock = clock;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public Duration maxTtl() {
        return maxTtl;
    }

    /** The trust anchor for the authenticator. */
    public TrustedIssuer trustedIssuer() {
        return new TrustedIssuer(issuer, (jws, nested) -> keys.getPublic(), audiences);
    }

    /**
     * Mints a token.
     *
     * @param subject the {@code sub}
     * @param extra   further claims (groups, rooms, tenant, ...); may not override iss, exp, iat, aud
     * @param ttl     lifetime, capped at the configured maximum
     */
    public Minted mint(String subject, Map<String, Object> extra, Duration ttl) {
        Duration life = ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
        Instant now = clock.instant();
        Instant exp = now.plus(life);
        JwtClaims claims = new JwtClaims();
        extra.forEach(claims::setClaim);
        claims.setSubject(subject);
        claims.setIssuer(issuer);
        claims.setAudience(audiences);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue(keyId);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return new Minted(jws.getCompactSerialization(), Instant.ofEpochSecond(exp.getEpochSecond()));
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign development token", e);
        }
    }
}
