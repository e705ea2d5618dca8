package dev.aqueduct.example.livekit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS with HS256 (RFC 7515, RFC 7518 section 3.2), written with the JDK alone so the plugin ships no
 * library. Claim values may be strings, numbers, booleans and nested maps of those.
 */
final class Hs256Jwt {

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Hs256Jwt() {
    }

    static String sign(Map<String, ?> claims, byte[] key) {
        String signingInput = b64(HEADER) + '.' + b64(json(new StringBuilder(), claims).toString());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + '.' + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static StringBuilder json(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                json(quote(sb, e.getKey().toString()).append(':'), e.getValue());
            }
            return sb.append('}');
        }
        if (v instanceof Number || v instanceof Boolean) {
            return sb.append(v);
        }
        if (v instanceof String s) {
            return quote(sb, s);
        }
        throw new IllegalArgumentException("cannot write " + v + " as a claim");
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }
}
