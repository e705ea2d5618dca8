package dev.aqueduct.core.security;

import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.api.Action;
import dev.aqueduct.api.Principal;
import dev.aqueduct.api.RoomId;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.AuthenticationException.Reason;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {

    private static final String ISS = "https://idp.test";
    private final KeyPair keys = rsa();
    private final JwtAuthenticator auth = new JwtAuthenticator(
            List.of(new TrustedIssuer(ISS, (jws, nested) -> keys.getPublic(), List.of("aqueduct"))),
            ClaimMapping.defaults(), Duration.ofSeconds(30));

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISS);
        c.setAudience("aqueduct");
        c.setSubject("alice");
        c.setExpirationTimeMinutesInTheFuture(5);
        c.setClaim("groups", List.of("staff"));
        c.setClaim("tenant", "acme");
        c.setClaim("rooms", Map.of("chat:*", "rwp", "doc:a", "r"));
        return c;
    }

    private String sign(JwtClaims c) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(keys.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private Reason refused(String token) {
        return assertThrows(AuthenticationException.class, () -> auth.authenticate(token)).reason();
    }

    @Test
    void acceptsAValidTokenAndMapsClaims() throws Exception {
        Principal p = auth.authenticate(sign(claims())).orElseThrow();
        assertEquals("alice", p.subject());
        assertEquals("acme", p.tenant());
        assertTrue(p.hasRole("staff"));
        assertEquals(ISS, p.issuer());
        ClaimsRoomPolicy policy = new ClaimsRoomPolicy("aqueduct-admin");
        assertTrue(policy.decide(p, RoomId.of("chat:x"), Action.PRESENCE).isAllow());
        assertTrue(policy.decide(p, RoomId.of("doc:a"), Action.READ).isAllow());
        assertFalse(policy.decide(p, RoomId.of("doc:a"), Action.WRITE).isAllow());
    }

    @Test
    void refusesExpiredBeyondSkewButAcceptsWithinIt() throws Exception {
        JwtClaims c = claims();
        c.setExpirationTime(NumericDate.fromSeconds(Instant.now().minusSeconds(120).getEpochSecond()));
        assertEquals(Reason.EXPIRED, refused(sign(c)));
        c.setExpirationTime(NumericDate.fromSeconds(Instant.now().minusSeconds(5).getEpochSecond()));
        assertTrue(auth.authenticate(sign(c)).isPresent());
    }

    @Test
    void refusesWrongIssuerAudienceAndNotYetValid() throws Exception {
        JwtClaims c = claims();
        c.setIssuer("https://other");
        assertEquals(Reason.WRONG_ISSUER, refused(sign(c)));
        c = claims();
        c.setAudience("someone-else");
        assertEquals(Reason.WRONG_AUDIENCE, refused(sign(c)));
        c = claims();
        c.setExpirationTimeMinutesInTheFuture(30);
        c.setNotBefore(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        assertEquals(Reason.NOT_YET_VALID, refused(sign(c)));
    }

    @Test
    void refusesNoneHmacAndTampering() throws Exception {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims().toJson().getBytes());
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(none + "." + payload + "."));
        JsonWebSignature hs = new JsonWebSignature();
        hs.setPayload(claims().toJson());
        hs.setKey(new HmacKey(keys.getPublic().getEncoded()));
        hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(hs.getCompactSerialization()));
        String[] parts = sign(claims()).split("\\.");
        JwtClaims forged = claims();
        forged.setSubject("mallory");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toJson().getBytes());
        assertEquals(Reason.BAD_SIGNATURE, refused(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void refusesMissingSubjectAndBadGrants() throws Exception {
        JwtClaims c = claims();
        c.unsetClaim("sub");
        assertEquals(Reason.INVALID_CLAIMS, refused(sign(c)));
        c = claims();
        c.setClaim("rooms", Map.of("chat:*", "rwx"));
        assertEquals(Reason.INVALID_CLAIMS, refused(sign(c)));
        c = claims();
        c.setClaim("rooms", List.of("chat:*"));
        assertEquals(Reason.INVALID_CLAIMS, refused(sign(c)));
    }

    @Test
    void ignoresWhatIsNotAJwtAndRejectsGarbage() throws Exception {
        assertTrue(auth.authenticate("opaque-token").isEmpty());
        assertEquals(Reason.MALFORMED, refused("a.b.c"));
    }

    @Test
    void devIssuerTokensVerify() throws Exception {
        DevTokenIssuer dev = new DevTokenIssuer("urn:aqueduct:dev", List.of("aqueduct"), Duration.ofHours(1),
                Clock.systemUTC());
        JwtAuthenticator a = new JwtAuthenticator(List.of(dev.trustedIssuer()), ClaimMapping.defaults(), Duration.ZERO);
        DevTokenIssuer.Minted m = dev.mint("bob", Map.of("groups", List.of("aqueduct-admin")), Duration.ofDays(3));
        Principal p = a.authenticate(m.token()).orElseThrow();
        assertEquals("bob", p.subject());
        assertTrue(p.hasRole("aqueduct-admin"));
        assertFalse(m.expiresAt().isAfter(Instant.now().plus(Duration.ofHours(1)).plusSeconds(2)), "ttl is capped");
    }
}
