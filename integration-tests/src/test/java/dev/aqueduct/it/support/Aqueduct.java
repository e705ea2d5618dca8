package dev.aqueduct.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** The server under test: its address, tokens (from the dev issuer or signed with the test issuer's key), requests. */
public final class Aqueduct {

    public static final String BASE = System.getProperty("aqueduct.it.base", "http://localhost:9380");
    public static final String ISSUER = System.getProperty("aqueduct.it.issuer");
    public static final Path DIR = Path.of(System.getProperty("aqueduct.it.dir", "target/it"));
    public static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private static volatile boolean ready;
    private static volatile IllegalStateException notReady;

    private Aqueduct() {
    }

    /** Waits until the server reports ready (at most two minutes). */
    public static void awaitReady() throws Exception {
        if (ready) {
            return;
        }
        if (notReady != null) {
            throw notReady;
        }
        try {
            awaitReady(BASE, Duration.ofMinutes(2));
        } catch (IllegalStateException e) {
            notReady = e;
            throw e;
        }
        ready = true;
    }

    public static void awaitReady(String base, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server at " + base + " did not become ready", last);
    }

    /** A token from the development issuer; {@code claimsJson} is the body of POST /dev/token. */
    public static String devToken(String base, String claimsJson) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                .POST(HttpRequest.BodyPublishers.ofString(claimsJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("dev token refused: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no access_token in " + r.body());
        }
        return m.group(1);
    }

    public static String devToken(String claimsJson) throws Exception {
        return devToken(BASE, claimsJson);
    }

    /** A token for {@code sub} with room grants, e.g. {@code grants("alice", "chat:*", "rwp")}. */
    public static String token(String sub, String... patternLetters) throws Exception {
        StringBuilder rooms = new StringBuilder("{");
        for (int i = 0; i < patternLetters.length; i += 2) {
            if (i > 0) {
                rooms.append(',');
            }
            rooms.append('"').append(patternLetters[i]).append("\":\"").append(patternLetters[i + 1]).append('"');
        }
        rooms.append('}');
        return devToken("{\"sub\":\"" + sub + "\",\"rooms\":" + rooms + "}");
    }

    /** The test issuer's private key (its public key is configured in the server). */
    public static PrivateKey issuerKey() throws Exception {
        String pem = Files.readString(DIR.resolve("keys/issuer-private.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** Claims that the server accepts from the test issuer, valid for {@code ttl}. */
    public static JwtClaims issuerClaims(String sub, Duration ttl) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setAudience("aqueduct");
        c.setSubject(sub);
        Instant now = Instant.now();
        c.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        c.setExpirationTime(NumericDate.fromSeconds(now.plus(ttl).getEpochSecond()));
        c.setClaim("rooms", Map.of("chat:*", "rwp"));
        c.setClaim("groups", List.of("staff"));
        return c;
    }

    /** Signs claims with the test issuer's key (RS256). */
    public static String sign(JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(issuerKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    public static String eventsUrl(String token, String... rooms) {
        return BASE + "/api/v1/events?rooms=" + URLEncoder.encode(String.join(",", rooms), StandardCharsets.UTF_8)
                + (token == null ? "" : "&access_token=" + token);
    }

    public static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes {@code {"type": type, "data": dataJson}} into a room. */
    public static HttpResponse<String> publish(String token, String room, String type, String dataJson,
                                               String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + "/api/v1/rooms/"
                        + URLEncoder.encode(room, StandardCharsets.UTF_8).replace("%3A", ":") + "/events"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\",\"data\":" + dataJson + "}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus sample at /metrics (0 when absent); {@code selector} is the name with labels. */
    public static double metric(String namePrefix, String... labelFragments) throws Exception {
        String body = get(BASE + "/metrics").body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(namePrefix + "{")) {
                continue;
            }
            boolean all = true;
            for (String f : labelFragments) {
                all &= line.contains(f);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
