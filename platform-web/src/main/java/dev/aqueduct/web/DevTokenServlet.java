package dev.aqueduct.web;

import dev.aqueduct.core.Platform;
import dev.aqueduct.core.http.Problem;
import dev.aqueduct.core.http.ProblemException;
import dev.aqueduct.core.http.ProblemResponses;
import dev.aqueduct.core.security.DevTokenIssuer;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /dev/token} (development profile only): mints a token. Body
 * {@code {"sub":"alice","groups":[...],"rooms":{"chat:*":"rwp"},"tenant":"...","ttl":3600}}; every field but
 * {@code sub} is optional. Answers 404 unless {@code aqueduct.dev.enabled=true}.
 */
@WebServlet("/dev/token")
public class DevTokenServlet extends HttpServlet {

    @Inject
    Platform platform;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            Optional<DevTokenIssuer> issuer = platform.devIssuer();
            if (issuer.isEmpty()) {
                throw new ProblemException(Problem.of(404, "not-found", "Not found",
                        "the development token issuer is off (aqueduct.dev.enabled=false)"));
            }
            JsonObject body = read(req);
            JsonValue sub = body.get("sub");
            if (!(sub instanceof JsonString s) || s.getString().isBlank()) {
                throw ProblemException.badRequest("invalid-body", "'sub' (the subject) is required");
            }
            long ttl = 3600;
            if (body.get("ttl") instanceof JsonNumber n) {
                ttl = n.longValue();
            }
            if (ttl < 1) {
                throw ProblemException.badRequest("invalid-body", "'ttl' must be at least 1 second");
            }
            Map<String, Object> claims = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> e : body.entrySet()) {
                if (!e.getKey().equals("sub") && !e.getKey().equals("ttl")
                        && e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                    claims.put(e.getKey(), toJava(e.getValue()));
                }
            }
            DevTokenIssuer.Minted m = issuer.get().mint(s.getString(), claims, Duration.ofSeconds(ttl));
            String json = Json.createObjectBuilder().add("access_token", m.token()).add("token_type", "Bearer")
                    .add("expires_at", m.expiresAt().getEpochSecond())
                    .add("expires_in", m.expiresAt().getEpochSecond() - platform.clock().instant().getEpochSecond())
                    .build().toString();
            resp.setContentType("application/json");
            resp.setHeader("Cache-Control", "no-store");
            resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        } catch (ProblemException e) {
            ProblemResponses.write(resp, e);
        }
    }

    private static JsonObject read(HttpServletRequest req) throws IOException {
        byte[] bytes = req.getInputStream().readNBytes(64 * 1024);
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue v = r.readValue();
            if (v instanceof JsonObject o) {
                return o;
            }
        } catch (JsonException | IllegalStateException e) {
            // fall through
        }
        throw ProblemException.badRequest("invalid-body", "body must be a JSON object such as {\"sub\":\"alice\"}");
    }

    /** JSON-P value to the plain Java shapes jose4j serializes (Map, List, String, Long/Double, Boolean). */
    static Object toJava(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                v.asJsonObject().forEach((k, x) -> m.put(k, toJava(x)));
                yield m;
            }
            case ARRAY -> v.asJsonArray().stream().map(DevTokenServlet::toJava).toList();
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).isIntegral() ? (Object) ((JsonNumber) v).longValue()
                    : (Object) ((JsonNumber) v).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }
}
