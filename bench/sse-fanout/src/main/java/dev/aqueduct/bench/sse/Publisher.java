package dev.aqueduct.bench.sse;

import dev.aqueduct.bench.common.Histogram;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One publisher at a fixed rate (open loop: the schedule does not wait for answers, so a slow fan-out shows up as
 * latency instead of lowering the rate). Events of the warm-up have type {@code w}, measured events type {@code m}.
 */
final class Publisher {

    /** What one run of the publisher did. */
    static final class Result {
        int sentWarmup;
        int sent;
        int accepted;
        int refused;
        int errors;
        int skipped;
        long firstMeasuredSendMs;
        long lastMeasuredSendMs;
        Histogram rtt = new Histogram();
        String firstError;
    }

    private final HttpClient http;
    private final String base;
    private final String token;
    private final String pad;

    Publisher(HttpClient http, String base, String token, int padChars) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.pad = "x".repeat(padChars);
    }

    /**
     * Publishes {@code rate} events per second into {@code room}: {@code warmupSeconds} of type {@code w}, then
     * {@code seconds} of type {@code m}; returns after the last answer came back (or after a bounded wait).
     */
    Result run(String room, double rate, int warmupSeconds, int seconds, int maxInFlight,
               java.util.function.Consumer<java.util.concurrent.atomic.AtomicLongArray> sendTimesSink)
            throws InterruptedException {
        Result r = new Result();
        int warm = (int) Math.round(rate * warmupSeconds);
        int total = warm + (int) Math.round(rate * seconds);
        java.util.concurrent.atomic.AtomicLongArray sendTimes = new java.util.concurrent.atomic.AtomicLongArray(total);
        sendTimesSink.accept(sendTimes);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger index = new AtomicInteger();
        URI uri = URI.create(base + "/api/v1/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "/events");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "publisher");
            th.setDaemon(true);
            return th;
        });
        Object lock = r;
        long periodNanos = (long) (1_000_000_000L / rate);
        timer.scheduleAtFixedRate(() -> {
            int i = index.getAndIncrement();
            if (i >= total) {
                return;
            }
            boolean measured = i >= warm;
            if (inFlight.get() >= maxInFlight) {
                synchronized (lock) {
                    r.skipped++;
                }
                return;
            }
            String type = measured ? "m" : "w";
            String body = "{\"type\":\"" + type + "\",\"data\":{\"n\":" + i + ",\"pad\":\"" + pad + "\"}}";
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.currentTimeMillis();
            sendTimes.set(i, sent);
            synchronized (lock) {
                if (measured) {
                    r.sent++;
                    if (r.firstMeasuredSendMs == 0) {
                        r.firstMeasuredSendMs = sent;
                    }
                    r.lastMeasuredSendMs = sent;
                } else {
                    r.sentWarmup++;
                }
            }
            inFlight.incrementAndGet();
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
                long rtt = System.currentTimeMillis() - sent;
                inFlight.decrementAndGet();
                synchronized (lock) {
                    if (err != null) {
                        r.errors++;
                        if (r.firstError == null) {
                            r.firstError = err.toString();
                        }
                    } else if (resp.statusCode() == 200) {
                        if (measured) {
                            r.accepted++;
                            r.rtt.record(rtt);
                        }
                    } else {
                        r.refused++;
                        if (r.firstError == null) {
                            r.firstError = "HTTP " + resp.statusCode();
                        }
                    }
                }
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds + seconds + 5L);
        while (index.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        timer.shutdownNow();
        long answerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < answerDeadline) {
            Thread.sleep(50);
        }
        synchronized (lock) {
            return r;
        }
    }

    /** Publishes one unmeasured event (type {@code c}); used to make the server notice streams closed by clients. */
    void poke(String room) {
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "/events"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"c\",\"data\":null}")).build();
        try {
            http.send(req, HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // best effort
        }
    }
}
