package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.JsonText;
import dev.aqueduct.it.support.SseClient;
import dev.aqueduct.it.support.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is closed as a slow consumer once its bounded queue overflows (100 events or 1 MiB
 * on the test server), while a client in the same room keeps receiving everything promptly.
 */
class SlowConsumerIT {

    @BeforeAll
    static void ready() throws Exception {
        awaitReady();
    }

    @Test
    void slowConsumerIsClosedWhileTheFastOneKeepsUp() throws Exception {
        String room = "chat:slow-" + System.nanoTime();
        String token = devToken("{\"sub\":\"pub-slow\",\"groups\":[\"aqueduct-admin\"]}");
        double closesBefore = metric("aqueduct_slow_consumer_closes_total", "transport=\"sse\"");
        String payload = "\"" + "y".repeat(60 * 1024) + "\"";
        int total = 150;
        try (SseClient slow = SseClient.openPaused(eventsUrl(token, room), Map.of());
             SseClient fast = SseClient.open(eventsUrl(token, room), Map.of())) {
            assertEquals(200, slow.status());
            fast.await("subscribed", Duration.ofSeconds(10));
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean failed = new AtomicBoolean();
            Thread reader = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        SseEvent e = fast.messages(1, Duration.ofSeconds(30)).get(0);
                        long ts = JsonText.object(e.data()).getJsonNumber("ts").longValue();
                        latencies.add(System.currentTimeMillis() - ts);
                    }
                } catch (Throwable t) {
                    failed.set(true);
                }
            });
            reader.start();
            for (int i = 0; i < total; i++) {
                var r = publish(token, room, "big", payload);
                while (r.statusCode() == 429) {
                    Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
                    r = publish(token, room, "big", payload);
                }
                assertEquals(200, r.statusCode(), r.body());
            }
            reader.join(60_000);
            assertFalse(failed.get(), "the fast client must receive every message");
            assertEquals(total, latencies.size());
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
            assertTrue(p99 < 2000, "fast client p99 latency stays normal while another client stalls: " + p99 + " ms");
            assertTrue(metric("aqueduct_slow_consumer_closes_total", "transport=\"sse\"") >= closesBefore + 1,
                    "the stalled stream was closed as a slow consumer");
            // Reading again, the stalled client gets what was already in flight, then the end of the stream (with the
            // close event when the server could still write it).
            slow.startReading();
            SseEvent end = slow.await("close", Duration.ofSeconds(60));
            assertNotNull(end, "the stalled stream must end");
            if (end != SseClient.END) {
                assertEquals("slow_consumer", JsonText.object(end.data()).getString("reason"));
            }
        }
    }
}
