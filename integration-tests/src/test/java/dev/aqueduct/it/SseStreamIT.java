package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import dev.aqueduct.it.support.SseClient;
import dev.aqueduct.it.support.SseEvent;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SSE transport against a running Liberty: streaming, resume, recovery signal, heartbeats, expiry. */
class SseStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void ready() throws Exception {
        awaitReady();
    }

    private static String room(String ns) {
        return ns + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long seq(SseEvent e) {
        return JsonText.object(e.data()).getJsonNumber("seq").longValue();
    }

    @Test
    void streamsPublishedMessagesWithEnvelopeAndHeaders() throws Exception {
        String room = room("chat");
        String token = token("alice", "chat:*", "rwp");
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of())) {
            assertEquals(200, c.status());
            assertTrue(c.header("Content-Type").startsWith("text/event-stream"));
            assertEquals("no", c.header("X-Accel-Buffering"));
            assertTrue(c.header("Cache-Control").contains("no-cache"));
            SseEvent subscribed = c.await("subscribed", WAIT);
            assertNotNull(subscribed);
            assertNotNull(subscribed.id());
            HttpResponse<String> r = publish(token, room, "chat.message", "{\"text\":\"hi \\u00e9\",\"n\":[1,2.5,null]}");
            assertEquals(200, r.statusCode(), r.body());
            SseEvent m = c.messages(1, WAIT).get(0);
            JsonObject env = JsonText.object(m.data());
            assertEquals(1, env.getInt("v"));
            assertEquals("chat.message", env.getString("type"));
            assertEquals(room, env.getString("room"));
            assertEquals(1, env.getJsonNumber("seq").longValue());
            assertEquals("alice", env.getString("from"));
            assertEquals(JsonText.object("{\"text\":\"hi \\u00e9\",\"n\":[1,2.5,null]}"), env.getJsonObject("payload"));
            assertEquals(JsonText.object(r.body()).getString("id"), env.getString("id"));
            assertNotEquals(subscribed.id(), m.id());
        }
    }

    @Test
    void resumeDeliversExactlyTheMissedMessagesInOrder() throws Exception {
        String room = room("chat");
        String token = token("bob", "chat:*", "rwp");
        String lastId;
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of())) {
            c.await("subscribed", WAIT);
            for (int i = 1; i <= 3; i++) {
                publish(token, room, "n", Integer.toString(i));
            }
            List<SseEvent> first = c.messages(3, WAIT);
            lastId = first.get(1).id();
        }
        for (int i = 4; i <= 6; i++) {
            publish(token, room, "n", Integer.toString(i));
        }
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of("Last-Event-ID", lastId))) {
            List<SseEvent> replay = c.messages(4, WAIT);
            List<Long> seqs = new ArrayList<>();
            for (SseEvent e : replay) {
                seqs.add(seq(e));
            }
            assertEquals(List.of(3L, 4L, 5L, 6L), seqs);
            SseEvent subscribed = c.await("subscribed", WAIT);
            JsonObject info = JsonText.object(subscribed.data()).getJsonArray("rooms").getJsonObject(0);
            assertTrue(info.getBoolean("resumed"));
            assertTrue(info.getBoolean("recovered"));
            publish(token, room, "n", "7");
            assertEquals(7L, seq(c.messages(1, WAIT).get(0)));
            assertNull(c.next(Duration.ofMillis(300)), "no duplicates after the live message");
        }
    }

    @Test
    void lastEventIdQueryParameterResumesAndTheHeaderWins() throws Exception {
        String room = room("chat");
        String token = token("carol", "chat:*", "rwp");
        List<SseEvent> seen;
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of())) {
            c.await("subscribed", WAIT);
            for (int i = 1; i <= 4; i++) {
                publish(token, room, "n", Integer.toString(i));
            }
            seen = c.messages(4, WAIT);
        }
        String url = eventsUrl(token, room) + "&lastEventId=" + seen.get(0).id();
        try (SseClient c = SseClient.open(url, Map.of())) {
            List<Long> seqs = new ArrayList<>();
            for (SseEvent e : c.messages(3, WAIT)) {
                seqs.add(seq(e));
            }
            assertEquals(List.of(2L, 3L, 4L), seqs);
        }
        try (SseClient c = SseClient.open(url, Map.of("Last-Event-ID", seen.get(2).id()))) {
            assertEquals(4L, seq(c.messages(1, WAIT).get(0)));
            assertEquals("subscribed", c.next(WAIT).event());
        }
    }

    @Test
    void notRecoveredWhenHistoryWasTrimmed() throws Exception {
        String room = room("chat");
        String token = token("dave", "chat:*", "rwp");
        String id;
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of())) {
            id = c.await("subscribed", WAIT).id();
        }
        for (int i = 1; i <= 60; i++) {
            assertEquals(200, publish(token, room, "n", Integer.toString(i)).statusCode());
        }
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of("Last-Event-ID", id))) {
            SseEvent e = c.next(WAIT);
            assertEquals("not-recovered", e.event());
            assertEquals(room, JsonText.object(e.data()).getString("room"));
            assertEquals(60, JsonText.object(e.data()).getJsonNumber("seq").longValue());
            SseEvent subscribed = c.next(WAIT);
            assertEquals("subscribed", subscribed.event(), "no partial replay before the subscription");
            assertFalse(JsonText.object(subscribed.data()).getJsonArray("rooms").getJsonObject(0).getBoolean("recovered"));
            publish(token, room, "n", "61");
            assertEquals(61L, seq(c.messages(1, WAIT).get(0)));
        }
    }

    @Test
    void oneStreamCarriesSeveralRoomsAndResumesEach() throws Exception {
        String a = room("chat");
        String b = room("chat");
        String token = token("erin", "chat:*", "rwp");
        String last;
        try (SseClient c = SseClient.open(eventsUrl(token, a, b), Map.of())) {
            c.await("subscribed", WAIT);
            publish(token, a, "n", "1");
            publish(token, b, "n", "2");
            List<SseEvent> got = c.messages(2, WAIT);
            assertEquals(a, JsonText.object(got.get(0).data()).getString("room"));
            assertEquals(b, JsonText.object(got.get(1).data()).getString("room"));
            last = got.get(1).id();
        }
        publish(token, a, "n", "3");
        publish(token, b, "n", "4");
        try (SseClient c = SseClient.open(eventsUrl(token, a, b), Map.of("Last-Event-ID", last))) {
            List<SseEvent> got = c.messages(2, WAIT);
            assertEquals("3", JsonText.object(got.get(0).data()).get("payload").toString());
            assertEquals("4", JsonText.object(got.get(1).data()).get("payload").toString());
        }
    }

    @Test
    void heartbeatCommentsArriveWhenIdle() throws Exception {
        String token = token("frank", "chat:*", "r");
        try (SseClient c = SseClient.open(eventsUrl(token, room("chat")), Map.of())) {
            int comments = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && comments < 3) {
                SseEvent e = c.nextRaw(Duration.ofSeconds(3));
                if (e != null && e.event().equals(":comment")) {
                    comments++;
                }
            }
            // the first comment opens the stream; the server under test sends a heartbeat every second
            assertTrue(comments >= 3, "heartbeats seen: " + comments);
        }
    }

    @Test
    void streamClosesWhenTheTokenExpires() throws Exception {
        String token = devToken("{\"sub\":\"gina\",\"rooms\":{\"chat:*\":\"r\"},\"ttl\":3}");
        try (SseClient c = SseClient.open(eventsUrl(token, room("chat")), Map.of())) {
            assertEquals(200, c.status());
            SseEvent close = c.await("close", Duration.ofSeconds(10));
            assertNotNull(close, "stream must close after the token expired");
            assertEquals("token_expired", JsonText.object(close.data()).getString("reason"));
            assertSame(SseClient.END, c.next(Duration.ofSeconds(5)));
        }
    }

    @Test
    void idempotentPublishIsDeliveredOnce() throws Exception {
        String room = room("chat");
        String token = token("hank", "chat:*", "rwp");
        try (SseClient c = SseClient.open(eventsUrl(token, room), Map.of())) {
            c.await("subscribed", WAIT);
            HttpResponse<String> r1 = publish(token, room, "n", "1", "Idempotency-Key", "order-17");
            HttpResponse<String> r2 = publish(token, room, "n", "1", "Idempotency-Key", "order-17");
            assertEquals(200, r1.statusCode());
            assertEquals(r1.body(), r2.body());
            publish(token, room, "n", "2");
            List<SseEvent> got = c.messages(2, WAIT);
            assertEquals(1L, seq(got.get(0)));
            assertEquals(2L, seq(got.get(1)));
            assertEquals(JsonText.object(r1.body()).getString("id"), JsonText.object(got.get(0).data()).getString("id"));
        }
    }
}
