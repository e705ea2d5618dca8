package dev.aqueduct.it.support;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A minimal room-bus client (JSON subprotocol) on the JDK's WebSocket client, for Java integration tests. */
public final class BusClient implements AutoCloseable {

    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private BusClient(String wsUrl) throws Exception {
        ws = Aqueduct.HTTP.newWebSocketBuilder().subprotocols("aqueduct.v1.json").connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(JsonText.object(text.toString()));
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(20, TimeUnit.SECONDS);
    }

    /** Connects to {@code base}'s {@code /ws} and says hello with the token; returns after {@code welcome}. */
    public static BusClient connect(String base, String token) throws Exception {
        BusClient c = new BusClient(base.replaceFirst("^http", "ws") + "/ws");
        c.send("{\"op\":\"hello\",\"token\":\"" + token + "\"}");
        c.await(m -> "welcome".equals(m.getString("op")), Duration.ofSeconds(20));
        return c;
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    /** The next received message matching {@code p}, skipping others. */
    public JsonObject await(Predicate<JsonObject> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching room-bus message within " + timeout);
            }
            if (p.test(m)) {
                return m;
            }
        }
    }

    public static Predicate<JsonObject> op(String op) {
        return m -> op.equals(m.getString("op", null));
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
