package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests get RFC 9457 problem responses with the right status, and nothing is published. */
class RequestErrorsIT {

    @BeforeAll
    static void ready() throws Exception {
        awaitReady();
    }

    private static JsonObject problem(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonObject p = JsonText.object(r.body());
        assertEquals(status, p.getInt("status"));
        assertTrue(p.getString("type").startsWith("urn:aqueduct:problem:"));
        return p;
    }

    @Test
    void missingTokenIs401WithChallenge() throws Exception {
        HttpResponse<String> r = get(eventsUrl(null, "chat:a"));
        JsonObject p = problem(r, 401);
        assertEquals("missing_token", p.getString("reason"));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void forbiddenRoomIs403ForStreamsAndPublishes() throws Exception {
        String token = token("ivan", "chat:*", "r");
        assertEquals("READ", problem(get(eventsUrl(token, "doc:secret")), 403).getString("action"));
        assertEquals("WRITE", problem(publish(token, "chat:lobby", "t", "1"), 403).getString("action"));
    }

    @Test
    void invalidRoomIdsAre400() throws Exception {
        String token = token("judy", "*", "rw");
        problem(get(BASE + "/api/v1/events?rooms=&access_token=" + token), 400);
        problem(get(BASE + "/api/v1/events?rooms=no-namespace&access_token=" + token), 400);
        problem(get(BASE + "/api/v1/events?rooms=chat:" + "x".repeat(300) + "&access_token=" + token), 400);
        problem(get(BASE + "/api/v1/events?rooms=chat:a%01b&access_token=" + token), 400);
        problem(publish(token, "Chat:upper", "t", "1"), 400);
        // a control character in the path is refused by the servlet container itself, before the application
        assertEquals(400, publish(token, "chat:a\tb", "t", "1").statusCode());
    }

    @Test
    void malformedOrForeignCursorIs400() throws Exception {
        String token = token("kate", "chat:*", "r");
        assertEquals("urn:aqueduct:problem:invalid-cursor",
                problem(get(eventsUrl(token, "chat:a"), "Last-Event-ID", "garbage"), 400).getString("type"));
        problem(get(eventsUrl(token, "chat:a"), "Last-Event-ID", "1%%%"), 400);
        problem(get(eventsUrl(token, "chat:a") + "&lastEventId=1" + "QUJD"), 400);
    }

    @Test
    void invalidBodiesAre400AndTooLargeIs413() throws Exception {
        String token = token("leo", "chat:*", "rw");
        HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/rooms/chat:x/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{nope")).build(), HttpResponse.BodyHandlers.ofString());
        problem(notJson, 400);
        HttpResponse<String> noType = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/rooms/chat:x/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        problem(noType, 400);
        String big = "\"" + "x".repeat(70 * 1024) + "\"";
        problem(publish(token, "chat:x", "t", big), 413);
    }

    @Test
    void floodingPublisherIsRateLimitedWithRetryAfter() throws Exception {
        String token = token("mallory", "chat:*", "rw");
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + "/api/v1/rooms/chat:flood/events"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"t\",\"data\":" + i + "}")).build();
            all.add(HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        HttpResponse<String> limited = null;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 200) {
                ok++;
            } else if (r.statusCode() == 429) {
                limited = r;
            }
        }
        assertNotNull(limited, "300 publishes at once must exceed the burst of 80");
        problem(limited, 429);
        assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertTrue(ok >= 80, "the burst is allowed: " + ok);
        assertTrue(metric("aqueduct_rate_limited_total", "scope=\"principal\"") >= 1);
    }

    @Test
    void originsOutsideTheAllowlistAreRefused() throws Exception {
        String token = token("nina", "chat:*", "rw");
        problem(get(eventsUrl(token, "chat:o"), "Origin", "http://evil.example"), 403);
        HttpResponse<String> pre = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/rooms/chat:o/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://allowed.example")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("http://allowed.example", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> ok = publish(token, "chat:o", "t", "1", "Origin", "http://allowed.example");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("http://allowed.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals(403, publish(token, "chat:o", "t", "1", "Origin", "http://evil.example").statusCode());
    }
}
