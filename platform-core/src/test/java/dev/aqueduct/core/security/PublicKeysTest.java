package dev.aqueduct.core.security;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import dev.aqueduct.api.spi.AuthenticationException;
import dev.aqueduct.api.spi.AuthenticationException.Reason;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification keys as MicroProfile JWT configures them: PEM files (RSA and EC) and JWKS over HTTP with rotation. */
class PublicKeysTest {

    private static final String ISS = "https://idp.test";

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String token(KeyPair kp, String alg, String kid) throws Exception {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISS);
        c.setAudience("aqueduct");
        c.setSubject("alice");
        c.setExpirationTimeMinutesInTheFuture(5);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(kp.getPrivate());
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        return jws.getCompactSerialization();
    }

    private static JwtAuthenticator authenticator(VerificationKeyResolver keys) {
        return new JwtAuthenticator(List.of(new TrustedIssuer(ISS, keys, List.of("aqueduct"))),
                ClaimMapping.defaults(), Duration.ZERO);
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void es256WithAPemFile(@TempDir Path dir) throws Exception {
        KeyPair kp = ec();
        Path file = dir.resolve("key.pem");
        Files.writeString(file, pem(kp.getPublic().getEncoded()));
        JwtAuthenticator a = authenticator(PublicKeys.fromLocation(file.toString()));
        assertEquals("alice", a.authenticate(token(kp, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, null))
                .orElseThrow().subject());
        JwtAuthenticator viaUri = authenticator(PublicKeys.fromLocation(file.toUri().toString()));
        assertTrue(viaUri.authenticate(token(kp, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, null)).isPresent());
    }

    @Test
    void pemWithoutHeadersAndInlineJwks() throws Exception {
        KeyPair kp = rsa();
        String bare = Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        assertTrue(authenticator(PublicKeys.fromText(bare))
                .authenticate(token(kp, AlgorithmIdentifiers.RSA_USING_SHA256, null)).isPresent());
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(kp.getPublic());
        jwk.setKeyId("k1");
        String jwks = new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        assertTrue(authenticator(PublicKeys.fromText(jwks))
                .authenticate(token(kp, AlgorithmIdentifiers.RSA_USING_SHA256, "k1")).isPresent());
        assertThrows(IllegalArgumentException.class, () -> PublicKeys.fromText("not a key"));
    }

    @Test
    void jwksUrlIsFetchedAgainWhenTheIssuerRotatesKeys() throws Exception {
        KeyPair first = rsa();
        KeyPair second = rsa();
        AtomicReference<String> published = new AtomicReference<>(jwks(first, "k1"));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", ex -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
            JwtAuthenticator a = authenticator(PublicKeys.fromLocation(url));
            assertTrue(a.authenticate(token(first, AlgorithmIdentifiers.RSA_USING_SHA256, "k1")).isPresent());
            published.set(jwks(second, "k2"));
            // refetches on unknown kids are rate limited (a burst of forged kids must not hammer the IdP)
            Thread.sleep(1000);
            assertTrue(a.authenticate(token(second, AlgorithmIdentifiers.RSA_USING_SHA256, "k2")).isPresent(),
                    "a new kid makes the authenticator fetch the key set again");
            assertTrue(fetches.get() >= 2);
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> a.authenticate(token(rsa(), AlgorithmIdentifiers.RSA_USING_SHA256, "k3")));
            assertEquals(Reason.UNKNOWN_KEY, e.reason(), "keys the issuer does not publish are not trusted");
        } finally {
            server.stop(0);
        }
    }

    private static String jwks(KeyPair kp, String kid) throws Exception {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(kp.getPublic());
        jwk.setKeyId(kid);
        return new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
