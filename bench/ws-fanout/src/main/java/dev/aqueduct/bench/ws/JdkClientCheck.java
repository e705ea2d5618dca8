package dev.aqueduct.bench.ws;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Why the load generator uses plain NIO: the same Socket.IO load as {@link WsFanout}'s fan-out scenario (N
 * subscribers in one room, one publisher), received with the JDK's {@code java.net.http.WebSocket} (one shared
 * {@code HttpClient}), measuring the client's own heap per connection and CPU per 1,000 deliveries. Only for the
 * Socket.IO server, only for this comparison.
 *
 * <pre>
 * java -cp bench/ws-fanout/target/classes dev.aqueduct.bench.ws.JdkClientCheck 9681 1000 100 15
 * </pre>
 * (port, subscribers, messages/s, measured seconds)
 */
public final class JdkClientCheck {

    private JdkClientCheck() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        URI uri = URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLong delivered = new AtomicLong();
        AtomicLong joined = new AtomicLong();
        String room = "bench:jdk-" + System.currentTimeMillis();
        long heap0 = heapAfterGc();
        long t0 = System.nanoTime();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            boolean subscriber = i > 0;
            WebSocket.Listener l = new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String m = text.toString();
                        text.setLength(0);
                        if (m.startsWith("42")) {
                            delivered.incrementAndGet();
                        } else if (m.equals("2")) {
                            ws.sendText("3", true);
                        } else if (m.startsWith("0")) {
                            ws.sendText("40", true);
                        } else if (m.startsWith("40")) {
                            if (subscriber) {
                                ws.sendText("421[\"join\",\"" + room + "\"]", true);
                            } else {
                                joined.incrementAndGet();
                            }
                        } else if (m.startsWith("43")) {
                            joined.incrementAndGet();
                        }
                    }
                    ws.request(1);
                    return null;
                }
            };
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, l).get(30, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (joined.get() < n + 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double open = (System.nanoTime() - t0) / 1e9;
        long heap1 = heapAfterGc();
        int threads = Thread.activeCount();
        WebSocket pub = sockets.get(0);
        String pad = "x".repeat(64);
        long cpu0 = cpuMillis();
        long d0 = delivered.get();
        long start = System.nanoTime();
        long period = 1_000_000_000L / rate;
        CompletableFuture<WebSocket> last = CompletableFuture.completedFuture(pub);
        for (long k = 0; k < (long) rate * seconds; k++) {
            long due = start + k * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String frame = "42[\"pub\",{\"room\":\"" + room + "\",\"id\":\"j-" + k + "\",\"type\":\"m\",\"payload\":{\"sent\":"
                    + Clients.nowUs() + ",\"pad\":\"" + pad + "\"}}]";
            last = last.thenCompose(ws -> ws.sendText(frame, true));
        }
        double window = (System.nanoTime() - start) / 1e9;
        long cpu1 = cpuMillis();
        long d = delivered.get() - d0;
        System.out.printf(Locale.ROOT, "java.net.http WebSocket: %d connections open and joined in %.1f s, client heap"
                + " %.1f KiB per connection, %d threads; %d msgs/s to %d subscribers: %.0f deliveries/s received,"
                + " client CPU %.1f ms per 1,000 deliveries (%.0f %% of one core)%n", n + 1, open,
                (heap1 - heap0) / 1024.0 / (n + 1), threads, rate, n, d / window, (cpu1 - cpu0) / (d / 1000.0),
                100.0 * (cpu1 - cpu0) / 1000.0 / window);
        for (WebSocket ws : sockets) {
            ws.abort();
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long cpuMillis() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : -1;
    }
}
