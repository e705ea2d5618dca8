package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens from a configured issuer (MicroProfile JWT settings) are accepted; every kind of bad token is refused with
 * 401 and its reason, and counted in the metrics.
 */
class TokenValidationIT {

    @BeforeAll
    static void ready() throws Exception {
        awaitReady();
    }

    private static String refusedReason(String token) throws Exception {
        HttpResponse<String> r = get(eventsUrl(token, "chat:tokens"));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        return JsonText.object(r.body()).getString("reason");
    }

    @Test
    void validIssuerTokenIsAcceptedInHeaderQueryAndCookie() throws Exception {
        String token = sign(issuerClaims("olga", Duration.ofMinutes(5)));
        assertEquals(200, publish(token, "chat:tokens", "t", "1").statusCode());
        String url = BASE + "/api/v1/rooms/chat:tokens/events";
        var viaCookie = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Cookie", "access_token=" + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"t\",\"data\":2}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, viaCookie.statusCode(), viaCookie.body());
        var viaQuery = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "?access_token=" + token))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"t\",\"data\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, viaQuery.statusCode(), viaQuery.body());
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        JwtClaims c = issuerClaims("p", Duration.ofMinutes(5));
        c.setExpirationTime(NumericDate.fromSeconds(Instant.now().minusSeconds(600).getEpochSecond()));
        double before = metric("aqueduct_auth_failures_total", "reason=\"expired\"");
        assertEquals("expired", refusedReason(sign(c)));
        assertEquals(before + 1, metric("aqueduct_auth_failures_total", "reason=\"expired\""));
    }

    @Test
    void notYetValidTokenIsRefused() throws Exception {
        JwtClaims c = issuerClaims("p", Duration.ofMinutes(30));
        c.setNotBefore(NumericDate.fromSeconds(Instant.now().plusSeconds(900).getEpochSecond()));
        assertEquals("not_yet_valid", refusedReason(sign(c)));
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        JwtClaims c = issuerClaims("p", Duration.ofMinutes(5));
        c.setIssuer("https://someone-else.invalid");
        assertEquals("wrong_issuer", refusedReason(sign(c)));
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        JwtClaims c = issuerClaims("p", Duration.ofMinutes(5));
        c.setAudience("another-service");
        assertEquals("wrong_audience", refusedReason(sign(c)));
    }

    @Test
    void tamperedTokenIsRefused() throws Exception {
        String[] parts = sign(issuerClaims("p", Duration.ofMinutes(5))).split("\\.");
        JwtClaims c = issuerClaims("p", Duration.ofMinutes(5));
        c.setClaim("groups", java.util.List.of("aqueduct-admin"));
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(c.toJson().getBytes(StandardCharsets.UTF_8));
        assertEquals("bad_signature", refusedReason(parts[0] + "." + forgedPayload + "." + parts[2]));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(issuerClaims("p", Duration.ofMinutes(5)).toJson());
        jws.setKey(g.generateKeyPair().getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        assertEquals("bad_signature", refusedReason(jws.getCompactSerialization()));
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(issuerClaims("p", Duration.ofMinutes(5)).toJson().getBytes(StandardCharsets.UTF_8));
        assertEquals("unsupported_algorithm", refusedReason(header + "." + payload + "."));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        byte[] publicPem = Files.readAllBytes(DIR.resolve("keys/issuer-public.pem"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(issuerClaims("p", Duration.ofMinutes(5)).toJson());
        jws.setKey(new HmacKey(publicPem));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setDoKeyValidation(false);
        assertEquals("unsupported_algorithm", refusedReason(jws.getCompactSerialization()));
    }

    @Test
    void garbageIsRefusedAsMalformed() throws Exception {
        assertEquals("malformed", refusedReason("not-a-token"));
        assertEquals("malformed", refusedReason("a.b.c"));
    }
}
