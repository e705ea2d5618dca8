package dev.aqueduct.core.security;

import dev.aqueduct.api.Principal;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.AuthenticationException.Reason;
import dev.aqueduct.api.spi.Authenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies signed JWTs (JWS compact form) from trusted issuers, following the MicroProfile JWT rules: asymmetric
 * signatures only (RS256/384/512, ES256/384/512, PS256), {@code exp} required, {@code nbf} honoured, issuer and
 * audience checked, a configurable clock skew. {@code alg: none} and HMAC algorithms are refused, so a token signed
 * with HS256 using the public key as the secret does not pass.
 */
public final class JwtAuthenticator implements Authenticator {

    private static final AlgorithmConstraints ALGORITHMS = new AlgorithmConstraints(ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256);

    private static final JwtConsumer PEEK = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().build();

    private final List<TrustedIssuer> issuers;
    private final ClaimMapping mapping;
    private final int clockSkewSeconds;

    public JwtAuthenticator(List<TrustedIssuer> issuers, ClaimMapping mapping, Duration clockSkew) {
        this.issuers = List.copyOf(issuers);
        this.mapping = mapping;
        this.clockSkewSeconds = (int) clockSkew.toSeconds();
    }

    public List<TrustedIssuer> issuers() {
        return issuers;
    }

    @Override
    public Optional<Principal> authenticate(String token) throws AuthenticationException {
        if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        String iss;
        try {
            JwtContext peek = PEEK.process(token);
            iss = peek.getJwtClaims().getIssuer();
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new AuthenticationException(Reason.MALFORMED, "token is not a well-formed JWT");
        }
        TrustedIssuer trusted = issuers.stream().filter(t -> t.issuer().equals(iss)).findFirst()
                .orElseThrow(() -> new AuthenticationException(Reason.WRONG_ISSUER,
                        iss == null ? "token has no issuer" : "issuer is not trusted"));
        JwtConsumerBuilder b = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(clockSkewSeconds)
                .setExpectedIssuer(trusted.issuer())
                .setJwsAlgorithmConstraints(ALGORITHMS)
                .setVerificationKeyResolver(trusted.keys());
        if (trusted.audiences().isEmpty()) {
            b.setSkipDefaultAudienceValidation();
        } else {
            b.setExpectedAudience(trusted.audiences().toArray(String[]::new));
        }
        JwtClaims claims;
        try {
            claims = b.build().processToClaims(token);
        } catch (InvalidJwtException e) {
            throw translate(e);
        }
        try {
            NumericDate exp = claims.getExpirationTime();
            return Optional.of(mapping.toPrincipal(claims.getClaimsMap(), Instant.ofEpochSecond(exp.getValue())));
        } catch (MalformedClaimException e) {
            throw new AuthenticationException(Reason.INVALID_CLAIMS, "token has a malformed claim: " + e.getMessage());
        }
    }

    private static AuthenticationException translate(InvalidJwtException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InvalidAlgorithmException) {
                return new AuthenticationException(Reason.UNSUPPORTED_ALGORITHM,
                        "token algorithm is not accepted (asymmetric signatures only)");
            }
            if (c instanceof UnresolvableKeyException) {
                return new AuthenticationException(Reason.UNKNOWN_KEY, "token is signed with an unknown key");
            }
        }
        if (e.hasExpired()) {
            return new AuthenticationException(Reason.EXPIRED, "token has expired");
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return new AuthenticationException(Reason.NOT_YET_VALID, "token is not yet valid");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return new AuthenticationException(Reason.WRONG_AUDIENCE, "token is not meant for this audience");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return new AuthenticationException(Reason.WRONG_ISSUER, "issuer is not trusted");
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return new AuthenticationException(Reason.BAD_SIGNATURE, "token signature is invalid");
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING) || e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return new AuthenticationException(Reason.INVALID_CLAIMS, "token lacks a required claim (exp, sub)");
        }
        return new AuthenticationException(Reason.MALFORMED, "token was refused: " + firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int i = s.indexOf('\n');
        String line = i < 0 ? s : s.substring(0, i);
        return line.length() > 160 ? line.substring(0, 160) : line;
    }
}
