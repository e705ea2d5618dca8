package dev.aqueduct.core.rtc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

    /** HMAC (RFC 2104) over SHA-1 written out from its definition, as an independent check of the Mac-based one. */
    private static byte[] hmacSha1ByDefinition(byte[] key, byte[] message) throws Exception {
        java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
        if (key.length > 64) {
            key = sha1.digest(key);
        }
        byte[] k = java.util.Arrays.copyOf(key, 64);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (k[i] ^ 0x36);
            outer[i] = (byte) (k[i] ^ 0x5c);
        }
        sha1.update(inner);
        byte[] h = sha1.digest(message);
        sha1.update(outer);
        return sha1.digest(h);
    }

    @Test
    void usernameIsExpiryAndSubjectAndTheCredentialItsHmac() throws Exception {
        Instant expiry = Instant.ofEpochSecond(1_767_225_600L);
        TurnCredentials.Credential c = TurnCredentials.issue("north-secret", "alice", expiry);
        assertEquals("1767225600:alice", c.username());
        byte[] expected = hmacSha1ByDefinition("north-secret".getBytes(StandardCharsets.UTF_8),
                c.username().getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, Base64.getDecoder().decode(c.credential()));
    }

    @Test
    void anotherSecretOrSubjectGivesAnotherCredential() {
        Instant expiry = Instant.ofEpochSecond(1_767_225_600L);
        String a = TurnCredentials.issue("s1", "alice", expiry).credential();
        assertNotEquals(a, TurnCredentials.issue("s2", "alice", expiry).credential());
        assertNotEquals(a, TurnCredentials.issue("s1", "bob", expiry).credential());
    }
}
