package dev.aqueduct.core.rtc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials of the TURN REST scheme (draft-uberti-behave-turn-rest), which coturn checks with
 * {@code use-auth-secret}: the username is {@code <expiry in Unix seconds>:<subject>}, the credential the base64
 * HMAC-SHA1 of the username keyed with the shared secret.
 */
public final class TurnCredentials {

    /** A username and its credential. */
    public record Credential(String username, String credential, Instant expiresAt) {
    }

    private TurnCredentials() {
    }

    public static Credential issue(String secret, String subject, Instant expiresAt) {
        String username = expiresAt.getEpochSecond() + ":" + subject;
        return new Credential(username, hmacSha1Base64(secret, username), expiresAt);
    }

    static String hmacSha1Base64(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }
}
