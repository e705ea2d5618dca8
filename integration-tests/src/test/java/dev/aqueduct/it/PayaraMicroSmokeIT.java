package dev.aqueduct.it;

import static dev.aqueduct.it.support.Aqueduct.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.aqueduct.it.support.BusClient;
import dev.aqueduct.it.support.JsonText;
import dev.aqueduct.it.support.SseClient;
import dev.aqueduct.it.support.SseEvent;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Portability: the WAR alone on Payara Micro 6 streams, publishes and runs the room bus like on Liberty, and its
 * WebRTC endpoints answer.
 */
class PayaraMicroSmokeIT {

    private static final int PORT = Integer.getInteger("aqueduct.it.payara.port", 9480);

    @Test
    void warOnPayaraMicroStreamsAndResumes() throws Exception {
        Path dir = DIR.resolve("payara");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", DIR.resolve("parts/payara-micro.jar").toString(),
                "--deploy", dir.resolve("aqueduct.war").toString(), "--contextroot", "/", "--port",
                Integer.toString(PORT), "--nocluster", "--rootdir", dir.resolve("root").toString())
                .directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(new File(dir.resolve("payara.log").toString()));
        pb.environment().put("AQUEDUCT_DEV_ENABLED", "true");
        Process payara = pb.start();
        try {
            String base = "http://localhost:" + PORT;
            String token = awaitToken(base, payara);
            String room = "chat:payara";
            try (SseClient c = openWhenAvailable(base + "/api/v1/events?rooms=" + room + "&access_token=" + token)) {
                assertEquals(200, c.status());
                SseEvent subscribed = c.await("subscribed", Duration.ofSeconds(20));
                assertNotNull(subscribed);
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rooms/" + room + "/events"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"t\",\"data\":{\"on\":\"payara\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                SseEvent m = c.messages(1, Duration.ofSeconds(20)).get(0);
                assertEquals("payara", JsonText.object(m.data()).getJsonObject("payload").getString("on"));
                try (SseClient resumed = SseClient.open(base + "/api/v1/events?rooms=" + room + "&access_token=" + token,
                        Map.of("Last-Event-ID", subscribed.id()))) {
                    assertEquals(1L, JsonText.object(resumed.messages(1, Duration.ofSeconds(20)).get(0).data())
                            .getJsonNumber("seq").longValue());
                }
            }
            try (BusClient a = BusClient.connect(base, token); BusClient b = BusClient.connect(base, token)) {
                for (BusClient c : new BusClient[] {a, b}) {
                    c.send("{\"op\":\"join\",\"room\":\"chat:payara-bus\"}");
                    c.await(BusClient.op("joined"), Duration.ofSeconds(20));
                }
                a.send("{\"op\":\"pub\",\"room\":\"chat:payara-bus\",\"id\":\"p1\",\"payload\":{\"via\":\"ws\"}}");
                JsonObject ack = a.await(BusClient.op("ack"), Duration.ofSeconds(20));
                JsonObject msg = b.await(BusClient.op("msg"), Duration.ofSeconds(20));
                assertEquals("p1", ack.getString("id"));
                assertEquals(ack.getJsonNumber("seq").longValue(), msg.getJsonNumber("seq").longValue());
                assertEquals("ws", msg.getJsonObject("payload").getString("via"));
                assertEquals("payara-user", msg.getString("from"));
            }
            HttpResponse<String> unauth = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events?rooms=" + room))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, unauth.statusCode());

            // the WAR alone has no SFU plugin: a clear 501; connection stats work without one
            String caller = devToken(base, "{\"sub\":\"payara-caller\",\"rooms\":{\"call:*\":\"s\"}}");
            HttpResponse<String> noSfu = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rtc/sfu/call:payara"))
                    .header("Authorization", "Bearer " + caller).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(501, noSfu.statusCode(), noSfu.body());
            assertEquals("urn:aqueduct:problem:no-sfu", JsonText.object(noSfu.body()).getString("type"));
            HttpResponse<String> stats = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rtc/stats"))
                    .header("Authorization", "Bearer " + caller).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"room\":\"call:payara\",\"connection\":\"pc1\","
                            + "\"localCandidateType\":\"host\",\"remoteCandidateType\":\"host\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, stats.statusCode(), stats.body());
        } finally {
            payara.destroy();
            if (!payara.waitFor(30, TimeUnit.SECONDS)) {
                payara.destroyForcibly();
            }
        }
    }

    /** Payara answers 503 for a moment after the application reports ready; a client retries that. */
    private static SseClient openWhenAvailable(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            SseClient c = SseClient.open(url, Map.of());
            if (c.status() != 503 || System.nanoTime() > deadline) {
                return c;
            }
            c.close();
            Thread.sleep(1000);
        }
    }

    private static String awaitToken(String base, Process payara) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!payara.isAlive()) {
                fail("Payara Micro exited with " + payara.exitValue() + "; see target/it/payara/payara.log");
            }
            try {
                // ready only once the whole application is loaded (a servlet can answer a moment earlier)
                awaitReady(base, Duration.ofSeconds(2));
                return devToken(base, "{\"sub\":\"payara-user\",\"rooms\":{\"chat:*\":\"rw\"}}");
            } catch (Exception notYet) {
                Thread.sleep(1000);
            }
        }
        throw new AssertionError("Payara Micro did not deploy the WAR in 240 s; see target/it/payara/payara.log");
    }
}
