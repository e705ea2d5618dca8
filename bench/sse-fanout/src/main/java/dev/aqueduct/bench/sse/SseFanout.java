package dev.aqueduct.bench.sse;

import dev.aqueduct.bench.common.ServerProbe;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE fan-out benchmark: for each step of the ladder, opens N concurrent streams on one fresh room, measures the
 * server's memory per idle stream, then one publisher publishes at a fixed rate (warm-up, then a measured window)
 * and every stream records publish-to-receive latency (receiver clock minus the envelope {@code ts}; same machine,
 * same clock). Prints a markdown table. Every loop is bounded; the program stops by itself.
 *
 * <pre>
 * java -cp bench/sse-fanout/target/classes:bench/common/target/classes dev.aqueduct.bench.sse.SseFanout \
 *   --port 9580 --ladder 1000,5000,10000 --rate 10 --warmup 5 --duration 20 --server-pid PID
 * </pre>
 */
public final class SseFanout {

    private SseFanout() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String host = o.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(o.getOrDefault("port", "9580"));
        List<Integer> ladder = new ArrayList<>();
        for (String s : o.getOrDefault("ladder", "1000,5000,10000").split(",")) {
            ladder.add(Integer.parseInt(s.trim()));
        }
        double rate = Double.parseDouble(o.getOrDefault("rate", "10"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "20"));
        int settle = Integer.parseInt(o.getOrDefault("settle", "3"));
        int pad = Integer.parseInt(o.getOrDefault("pad", "64"));
        int pending = Integer.parseInt(o.getOrDefault("max-pending", "200"));
        long pid = Long.parseLong(o.getOrDefault("server-pid", "-1"));
        String dumpDir = o.get("thread-dumps");
        String jfrDir = o.get("jfr");

        String base = "http://" + host + ":" + port;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String token = token(http, base);
        ServerProbe probe = new ServerProbe(pid);
        Publisher publisher = new Publisher(http, base, token, pad);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        log("SSE fan-out ladder " + ladder + " on " + base + ", " + rate + " events/s, warm-up " + warmup
                + " s, measured " + duration + " s" + (probe.enabled() ? ", server pid " + pid : ", no server pid"));
        try (StreamClients clients = new StreamClients(host, port)) {
            for (int n : ladder) {
                String room = "bench:fanout-" + run + "-" + n;
                waitForServerStreams(http, base, 0, 30);
                ServerProbe.Memory before = probe.memoryAfterGc();
                if (dumpDir != null && probe.enabled()) {
                    Files.createDirectories(Path.of(dumpDir));
                    Files.writeString(Path.of(dumpDir, "histo-" + n + "-before.txt"), probe.classHistogram());
                    probe.nativeMemoryBaseline();
                }

                long t0 = System.nanoTime();
                clients.open(n, host + ":" + port, "/api/v1/events?rooms="
                        + URLEncoder.encode(room, StandardCharsets.UTF_8) + "&access_token=" + token, pending);
                StreamClients.Stats s = clients.stats();
                long openDeadline = System.nanoTime() + Duration.ofSeconds(Math.max(60, n / 50)).toNanos();
                while (s.subscribed + s.failed + s.closedByServer < n && System.nanoTime() < openDeadline) {
                    Thread.sleep(100);
                    s = clients.stats();
                }
                double openSeconds = (System.nanoTime() - t0) / 1e9;
                int subscribed = s.subscribed;
                log(n + " streams: " + subscribed + " subscribed, " + s.failed + " failed in "
                        + fmt(openSeconds) + " s" + (s.firstError == null ? "" : " (first error: " + s.firstError + ")"));

                Thread.sleep(settle * 1000L);
                ServerProbe.Memory idle = probe.memoryAfterGc();
                if (dumpDir != null && probe.enabled()) {
                    Files.writeString(Path.of(dumpDir, "histo-" + n + "-idle.txt"), probe.classHistogram());
                    Files.writeString(Path.of(dumpDir, "nmt-" + n + "-idle-diff.txt"), probe.nativeMemoryDiff());
                }

                long cpu0 = probe.cpuMillis();
                long ownCpu0 = ownCpuMillis();
                long w0 = System.nanoTime();
                Thread dumper = null;
                if (dumpDir != null && probe.enabled()) {
                    dumper = threadDumps(probe, Path.of(dumpDir), n, warmup + duration / 2);
                }
                if (jfrDir != null && probe.enabled()) {
                    Files.createDirectories(Path.of(jfrDir));
                    probe.jfrStart("fanout-" + n, Path.of(jfrDir, "fanout-" + n + ".jfr"));
                }
                Publisher.Result p = publisher.run(room, rate, warmup, duration, 200, clients::sendTimes);
                long expected = (long) p.accepted * subscribed;
                long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long last = -1;
                long lastChange = System.nanoTime();
                while (System.nanoTime() < drainDeadline) {
                    s = clients.stats();
                    if (s.measured >= expected) {
                        break;
                    }
                    if (s.measured != last) {
                        last = s.measured;
                        lastChange = System.nanoTime();
                    } else if (System.nanoTime() - lastChange > Duration.ofSeconds(5).toNanos()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                double wall = (System.nanoTime() - w0) / 1e9;
                if (jfrDir != null && probe.enabled()) {
                    probe.jfrStop("fanout-" + n);
                }
                long cpu1 = probe.cpuMillis();
                long ownCpu1 = ownCpuMillis();
                if (dumper != null) {
                    dumper.join(10_000);
                }
                s = clients.stats();

                double window = Math.max(1, s.lastMeasuredRecvMs - p.firstMeasuredSendMs) / 1000.0;
                double delivered = s.measured / window;
                double offered = p.accepted * (double) subscribed / Math.max(1, (p.lastMeasuredSendMs
                        - p.firstMeasuredSendMs) / 1000.0 + 1 / rate);
                String heapPer = per(idle.heapUsedKiB(), before.heapUsedKiB(), subscribed);
                String rssPer = per(idle.rssKiB(), before.rssKiB(), subscribed);
                String nmtPer = per(idle.nmtCommittedKiB(), before.nmtCommittedKiB(), subscribed);
                String serverCpu = cpu0 < 0 ? "n/a" : fmt(100.0 * (cpu1 - cpu0) / 1000.0 / wall) + " %";
                String ownCpu = ownCpu0 < 0 ? "n/a" : fmt(100.0 * (ownCpu1 - ownCpu0) / 1000.0 / wall) + " %";
                rows.add("| " + n + " | " + subscribed + " | " + fmt(openSeconds) + " | " + p.accepted + "/" + p.sent
                        + " | " + fmt0(offered) + " | " + fmt0(delivered) + " | "
                        + pct(s.measured, expected) + " | " + s.latency.percentile(0.50) + " | "
                        + s.latency.percentile(0.99) + " | " + s.latency.max() + " | " + s.fromSend.percentile(0.50) + " / "
                        + s.fromSend.percentile(0.99) + " | "
                        + p.rtt.percentile(0.50) + " / " + p.rtt.percentile(0.99) + " | " + heapPer + " | " + rssPer
                        + " | " + nmtPer + " | " + serverCpu + " | " + ownCpu + " | "
                        + (s.closeEvents + s.closedByServer) + " |");
                notes.add(n + " streams: heap after GC " + before.heapUsedKiB() + " -> " + idle.heapUsedKiB()
                        + " KiB, RSS " + before.rssKiB() + " -> " + idle.rssKiB() + " KiB, NMT committed "
                        + before.nmtCommittedKiB() + " -> " + idle.nmtCommittedKiB() + " KiB; published "
                        + p.accepted + " measured (" + p.refused + " refused, " + p.errors + " errors, " + p.skipped
                        + " skipped" + (p.firstError == null ? "" : ", first: " + p.firstError) + "); received "
                        + s.measured + " of " + expected + ", per stream min " + s.minPerStream + " max "
                        + s.maxPerStream + "; delivery window " + fmt(window) + " s; connect to 'subscribed' p50 "
                        + s.subscribeMs.percentile(0.5) + " ms, p99 " + s.subscribeMs.percentile(0.99) + " ms"
                        + (s.firstError == null ? "" : "; client error: " + s.firstError));
                log(rows.get(rows.size() - 1));
                log(notes.get(notes.size() - 1));

                clients.closeAll();
                // The server sees a closed stream only when it writes to it: poke the room until it has let go.
                for (int i = 0; i < 20 && serverStreams(http, base) > 0; i++) {
                    publisher.poke(room);
                    Thread.sleep(500);
                }
            }
        }
        System.out.println();
        System.out.println("| streams | subscribed | open time (s) | measured events published/sent | offered deliveries/s"
                + " | delivered events/s | delivered | p50 latency (ms) | p99 latency (ms) | max latency (ms)"
                + " | from POST sent p50 / p99 (ms)"
                + " | publish POST p50 / p99 (ms) | heap per stream (KiB) | RSS per stream (KiB)"
                + " | NMT committed per stream (KiB) | server CPU | load generator CPU | streams closed by server |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        notes.forEach(n -> System.out.println("- " + n));
        System.out.println("- CPU is percent of one core averaged over warm-up, measured window and drain.");
    }

    private static Thread threadDumps(ServerProbe probe, Path dir, int n, int atSeconds) {
        Thread t = new Thread(() -> {
            try {
                Files.createDirectories(dir);
                Thread.sleep(atSeconds * 1000L);
                for (int i = 0; i < 3; i++) {
                    Files.writeString(dir.resolve("threads-" + n + "-" + i + ".txt"), probe.threadDump());
                    Thread.sleep(700);
                }
            } catch (Exception e) {
                log("thread dump failed: " + e);
            }
        }, "thread-dumps");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static final Pattern OPEN = Pattern.compile(
            "^aqueduct_connections_open\\{[^}]*transport=\"sse\"[^}]*}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

    /** Open SSE streams according to the server's own gauge, or -1 when unavailable. */
    private static long serverStreams(HttpClient http, String base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics?scope=application"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = OPEN.matcher(r.body());
            return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    private static void waitForServerStreams(HttpClient http, String base, long target, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long n;
        while ((n = serverStreams(http, base)) > target && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        if (n > target) {
            log("warning: the server still reports " + n + " open SSE streams");
        }
    }

    private static String token(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sub\":\"bench\",\"groups\":[\"aqueduct-admin\"],\"ttl\":7200}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("POST /dev/token answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    private static long ownCpuMillis() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1_000_000;
        }
        return -1;
    }

    private static String per(long after, long before, int n) {
        if (after < 0 || before < 0 || n <= 0) {
            return "n/a";
        }
        return fmt((after - before) / (double) n);
    }

    private static String pct(long got, long expected) {
        return expected == 0 ? "n/a" : fmt(100.0 * got / expected) + " %";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String fmt0(double d) {
        return String.format(Locale.ROOT, "%.0f", d);
    }

    private static void log(String s) {
        System.err.println(Instant.now() + " " + s);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }
}
