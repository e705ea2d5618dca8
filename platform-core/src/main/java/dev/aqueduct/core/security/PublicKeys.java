package dev.aqueduct.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Loads verification keys the way MicroProfile JWT configures them: a PEM public key or a JWKS document, inline or
 * from a location (file path, {@code file:}, {@code classpath:} or {@code http(s):} URL). JWKS served over HTTP is
 * fetched again when a token names an unknown {@code kid}, so key rotation at the issuer just works.
 */
public final class PublicKeys {

    private PublicKeys() {
    }

    /** A resolver for keys given inline (PEM or JWKS JSON). */
    public static VerificationKeyResolver fromText(String text) {
        String t = text.trim();
        if (t.startsWith("{")) {
            try {
                return new JwksVerificationKeyResolver(new JsonWebKeySet(t).getJsonWebKeys());
            } catch (JoseException e) {
                throw new IllegalArgumentException("not a valid JWKS document: " + e.getMessage(), e);
            }
        }
        PublicKey key = parsePem(t);
        return (jws, nested) -> key;
    }

    /** A resolver for keys at a location. */
    public static VerificationKeyResolver fromLocation(String location) {
        String loc = location.trim();
        if (loc.startsWith("http://") || loc.startsWith("https://")) {
            HttpsJwks jwks = new HttpsJwks(loc);
            return new HttpsJwksVerificationKeyResolver(jwks);
        }
        return fromText(read(loc));
    }

    static String read(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String res = location.substring("classpath:".length()).replaceFirst("^/", "");
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                try (InputStream in = cl == null ? null : cl.getResourceAsStream(res)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no class path resource " + res);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Path p = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key from " + location + ": " + e.getMessage(), e);
        }
    }

    /** Parses a PEM {@code PUBLIC KEY} (RSA or EC), with or without the BEGIN/END lines. */
    public static PublicKey parsePem(String pem) {
        String body = pem.replaceAll("-----BEGIN [A-Z ]+-----", "").replaceAll("-----END [A-Z ]+-----", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is neither PEM nor JWKS", e);
        }
        for (String alg : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("public key is not an X.509 SubjectPublicKeyInfo RSA or EC key");
    }
}
